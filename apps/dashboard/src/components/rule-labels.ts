const labels: Record<string, string> = {
  hypotension: 'Hypotension',
  af_rhythm: 'AF',
  af_rr: 'AF (RR)',
  oliguria: 'Oliguria',
  creatinine: 'Creatinine',
  weight_gain: 'Weight gain',
  il2_rising: 'IL-2 rising',
  sil2r_rising: 'sIL-2R rising',
  tachycardia: 'Tachycardia',
  hypoxia: 'Hypoxia',
  fever: 'Fever',
  data_gap: 'Data gap',
};

export const ruleLabel = (rule: string): string => labels[rule] ?? rule.replace(/_/g, ' ');
