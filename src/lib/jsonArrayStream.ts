/**
 * A streaming reader of one JSON array: text arrives in chunks, and each element comes out as
 * soon as it is complete, parsed by JSON.parse. Only the element being read is held. Linear:
 * a scan tracks strings, escapes and nesting depth, and cuts each element out with slices.
 */

export class JsonArrayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonArrayError';
  }
}

enum S {
  BeforeArray,
  BeforeElement,
  InElement,
  InString,
  Escape,
  AfterElement,
  Done,
}

const WS = new Set([32, 9, 10, 13]);

export class JsonArrayParser {
  private state = S.BeforeArray;
  private depth = 0;
  private carry = '';
  private index = 0;
  private first = true;

  constructor(private readonly maxElement = 1024 * 1024) {}

  /** Feeds a chunk; returns the elements it completed, with their 0-based index. */
  push(chunk: string): { index: number; value: unknown }[] {
    const out: { index: number; value: unknown }[] = [];
    let s = chunk;
    if (this.first && s.length) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let start =
      this.state === S.InElement || this.state === S.InString || this.state === S.Escape ? 0 : -1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case S.BeforeArray:
          if (c === 91) this.state = S.BeforeElement;
          else if (!WS.has(c)) throw new JsonArrayError('the body must be a JSON array');
          break;
        case S.BeforeElement:
        case S.AfterElement:
          if (WS.has(c)) break;
          if (c === 93 /* ] */ && (this.state === S.AfterElement || this.index === 0)) {
            this.state = S.Done;
            break;
          }
          if (this.state === S.AfterElement) {
            if (c !== 44) throw new JsonArrayError(`expected , or ] after element ${this.index}`);
            this.state = S.BeforeElement;
            break;
          }
          start = i;
          this.depth = 0;
          this.state = S.InElement;
          i--; // read this character in the element
          break;
        case S.InElement:
          if (c === 34) this.state = S.InString;
          else if (c === 123 || c === 91) this.depth++;
          else if (c === 125 || c === 93) {
            if (this.depth === 0) {
              // the array's closing bracket ends a primitive element
              this.finish(out, s.slice(start, i));
              this.state = S.Done;
              break;
            }
            this.depth--;
            if (this.depth === 0) {
              this.finish(out, s.slice(start, i + 1));
              this.state = S.AfterElement;
            }
          } else if (c === 44 && this.depth === 0) {
            this.finish(out, s.slice(start, i));
            this.state = S.BeforeElement;
          }
          break;
        case S.InString:
          if (c === 92) this.state = S.Escape;
          else if (c === 34) this.state = S.InElement;
          break;
        case S.Escape:
          this.state = S.InString;
          break;
        case S.Done:
          if (!WS.has(c)) throw new JsonArrayError('text after the end of the JSON array');
          break;
      }
    }
    if (
      start >= 0 &&
      (this.state === S.InElement || this.state === S.InString || this.state === S.Escape)
    ) {
      this.carry += s.slice(start);
      if (this.carry.length > this.maxElement)
        throw new JsonArrayError(`element ${this.index} is larger than ${this.maxElement} bytes`);
    }
    return out;
  }

  private finish(out: { index: number; value: unknown }[], tail: string) {
    const text = this.carry + tail;
    this.carry = '';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new JsonArrayError(
        `element ${this.index} is not valid JSON: ${(err as Error).message}`,
      );
    }
    out.push({ index: this.index++, value });
  }

  end(): void {
    if (this.state !== S.Done)
      throw new JsonArrayError(
        this.state === S.BeforeArray
          ? 'the body is empty: it must be a JSON array'
          : 'the JSON array is never closed',
      );
  }
}

/** Text chunks (or UTF-8 bytes) → the elements of one JSON array, as they complete. */
export async function* jsonArrayElements(
  source: AsyncIterable<Buffer | string>,
  maxElement?: number,
): AsyncGenerator<{ index: number; value: unknown }> {
  const parser = new JsonArrayParser(maxElement);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    yield* parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  parser.end();
}
