/**
 * Counts lower-cased word tokens (`\w+`, at least a minimum length, stop words excluded) in
 * first-seen order. ASCII words go through a compact trie over [a-z0-9_], so counting needs
 * neither substrings nor string hashing per token; other words use a Map. This is what makes
 * `rationale_analysis` affordable at hundreds of thousands of rationales.
 */
const ALPHABET = 37;

function symbol(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 48 && code <= 57) return 26 + code - 48;
  return code === 95 ? 36 : -1;
}

/** Python's len(text): code points, not UTF-16 units. */
export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) count++;
  }
  return count;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

export class KeywordCounter {
  private children = new Int32Array(ALPHABET * 1024);
  private counts = new Int32Array(1024);
  private firstSeen = new Int32Array(1024);
  private stop = new Uint8Array(1024);
  private words: (string | undefined)[] = [];
  private nodes = 1;
  private readonly other = new Map<string, { count: number; order: number }>();
  private sequence = 0;

  constructor(private readonly minLength: number, stopWords: Iterable<string>) {
    for (const word of stopWords) {
      const node = this.walk(word, 0, word.length);
      if (node > 0) this.stop[node] = 1;
    }
  }

  private grow(): void {
    const capacity = this.counts.length * 2;
    const resize = <T extends Int32Array | Uint8Array>(array: T, size: number): T => {
      const next = new (array.constructor as new (n: number) => T)(size);
      next.set(array);
      return next;
    };
    this.children = resize(this.children, capacity * ALPHABET);
    this.counts = resize(this.counts, capacity);
    this.firstSeen = resize(this.firstSeen, capacity);
    this.stop = resize(this.stop, capacity);
  }

  /** The child of `node` for symbol `s`, created as needed. */
  private child(node: number, s: number): number {
    let child = this.children[node * ALPHABET + s]!;
    if (child === 0) {
      if (this.nodes === this.counts.length) this.grow();
      child = this.nodes++;
      this.children[node * ALPHABET + s] = child;
    }
    return child;
  }

  /** The trie node of text[start, end), created as needed; −1 if a character is not ASCII \w. */
  private walk(text: string, start: number, end: number): number {
    let node = 0;
    for (let i = start; i < end; i++) {
      const s = symbol(text.charCodeAt(i));
      if (s < 0) return -1;
      node = this.child(node, s);
    }
    return node;
  }

  private countAscii(text: string, start: number, end: number): void {
    if (end - start < this.minLength) return;
    this.countNode(this.walk(text, start, end), text, start, end);
  }

  private countNode(node: number, text: string, start: number, end: number): void {
    if (end - start < this.minLength || this.stop[node] === 1) return;
    if (this.counts[node] === 0) {
      this.firstSeen[node] = this.sequence++;
      this.words[node] = text.slice(start, end).toLowerCase();
    }
    this.counts[node]! += 1;
  }

  private countOther(word: string): void {
    // Python's len(): code points, so a word outside the BMP is not counted twice.
    if (codePoints(word) < this.minLength) return;
    if (/^[\w]+$/.test(word)) {
      this.countAscii(word, 0, word.length);
      return;
    }
    const entry = this.other.get(word);
    if (entry) entry.count += 1;
    else this.other.set(word, { count: 1, order: this.sequence++ });
  }

  add(text: string): void {
    if (!isAscii(text)) {
      for (const word of text.toLowerCase().split(/[^\p{L}\p{N}\p{M}_]+/u)) this.countOther(word);
      return;
    }
    // One pass: descend the trie while reading a word, count its node where the word ends.
    let start = -1;
    let node = 0;
    for (let i = 0; i <= text.length; i++) {
      const s = i < text.length ? symbol(text.charCodeAt(i)) : -1;
      if (s >= 0) {
        if (start < 0) {
          start = i;
          node = 0;
        }
        node = this.child(node, s);
      } else if (start >= 0) {
        this.countNode(node, text, start, i);
        start = -1;
      }
    }
  }

  top(limit: number): { word: string; count: number }[] {
    const found: { word: string; count: number; order: number }[] = [];
    for (let node = 1; node < this.nodes; node++) {
      if (this.counts[node]! > 0) found.push({ word: this.words[node]!, count: this.counts[node]!, order: this.firstSeen[node]! });
    }
    for (const [word, entry] of this.other) found.push({ word, ...entry });
    return found
      .sort((a, b) => b.count - a.count || a.order - b.order)
      .slice(0, limit)
      .map(({ word, count }) => ({ word, count }));
  }
}
