/**
 * The fewest DATA_GAP alerts any engine obeying CLINICAL_RULES §6.0 with §10 must raise, from the
 * chart times of each expected input alone. An input is expected once it was first charted; a gap
 * strictly longer than its expected interval (§10 defaults: urine 3 h, vitals 4 h) needs a LOW
 * technical alert open from the moment it exceeds the interval, unless one is already open. DATA_GAP
 * is one alert per patient, open while any input is overdue, so gaps of different inputs that overlap
 * share an alert, and so do gaps of one input that follow each other before the alert must close.
 *
 * When it must close is the resolve model:
 * - 'arrival': the rule as on main, closed when every overdue input has arrived again;
 * - 'hysteresis': §6.0 "resolve needs the reverse condition held", read strictly (the latest close,
 *   so the lowest floor): after the late arrival the input must arrive twice on cadence, each within
 *   the expected interval of the one before; it closes on the second. A late arrival meanwhile is a new
 *   gap of the same alert. An input that never does so keeps it open to the end of the stay.
 */
export type GapResolve = 'arrival' | 'hysteresis';

export interface InputArrivals {
  /** Chart times of the input, any order, repeats allowed. */
  times: readonly number[];
  expectedMs: number;
}

/** [due, must close] spans of one input: the alert must be open after `due` and may stay open to the span's end. */
export function gapSpans(input: InputArrivals, stayEnd: number, model: GapResolve): Array<[number, number]> {
  const a = [...new Set(input.times)].sort((x, y) => x - y);
  const exp = input.expectedMs;
  const late = (k: number) => (k + 1 < a.length ? a[k + 1] : stayEnd) - a[k] > exp;
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < a.length) {
    if (!late(i)) {
      i++;
      continue;
    }
    const due = a[i] + exp;
    if (model === 'arrival' || i + 1 >= a.length) {
      spans.push([due, i + 1 < a.length ? a[i + 1] : stayEnd]);
      i++;
      continue;
    }
    // Hysteresis: from the late arrival k, the next two must each come on cadence; a late one restarts the count.
    let k = i + 1;
    let end = stayEnd;
    let closed = false;
    while (k + 2 < a.length) {
      if (late(k)) k += 1;
      else if (late(k + 1)) k += 2;
      else {
        end = a[k + 2];
        closed = true;
        break;
      }
    }
    spans.push([due, end]);
    i = closed ? k + 2 : a.length;
  }
  return spans;
}

/** Gaps (strictly longer than expected) of one stay's inputs, the trailing one to the end of the stay included. */
export function gapCount(inputs: readonly InputArrivals[], stayEnd: number): number {
  return inputs.reduce((n, i) => n + gapSpans(i, stayEnd, 'arrival').length, 0);
}

/** Alerts needed for one stay: its inputs' spans merged where a gap falls due before the open one must close. */
export function gapAlerts(inputs: readonly InputArrivals[], stayEnd: number, model: GapResolve): number {
  const spans = inputs.flatMap((i) => gapSpans(i, stayEnd, model)).sort((x, y) => x[0] - y[0]);
  let alerts = 0;
  let openUntil = Number.NEGATIVE_INFINITY;
  for (const [due, end] of spans) {
    if (due >= openUntil) alerts++; // due strictly after the last close: a new alert
    openUntil = Math.max(openUntil, end);
  }
  return alerts;
}
