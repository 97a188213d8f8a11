// Orders a skill's reference files by how many words of the agent's query and
// context they share (in the file name and content), most first, then by name:
// skill_query's `query` and `context` suggest which reference to load next.
const WORD = /[a-z0-9][a-z0-9_-]{2,}/g;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

export function rankReferences(
  references: { filename: string; content: string }[],
  query: string | null | undefined,
  context: string | null | undefined,
): string[] {
  // Bounded: a long context costs no more than its first 10,000 characters.
  const wanted = words(`${query ?? ""} ${context ?? ""}`.slice(0, 10_000));
  const scored = references.map((r) => {
    if (wanted.size === 0) return { name: r.filename, score: 0 };
    const have = words(`${r.filename.replace(/[._/-]/g, " ")} ${r.content}`);
    let score = 0;
    for (const w of wanted) if (have.has(w)) score += 1;
    return { name: r.filename, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.map((s) => s.name);
}
