/**
 * Splits text holding several HL7 v2 messages (a file, or an FHS/BHS batch) into one string per message,
 * each starting at its MSH and joined with CR. Batch and file envelope segments (FHS, BHS, BTS, FTS) are
 * dropped: they wrap messages but are not part of any. Lines before the first MSH are returned in
 * `ignored` so an importer can report them.
 */
export function splitHl7Messages(text: string): { messages: string[]; ignored: string[] } {
  const messages: string[][] = [];
  const ignored: string[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    const id = line.slice(0, 3);
    if (id === 'MSH') messages.push([line]);
    else if (id === 'FHS' || id === 'BHS' || id === 'BTS' || id === 'FTS') continue;
    else if (messages.length > 0) messages[messages.length - 1].push(line);
    else ignored.push(line);
  }
  return { messages: messages.map((segments) => segments.join('\r')), ignored };
}
