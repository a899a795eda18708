import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexChecksum, summarizeIndices, RECORD_LIST_LIMIT } from 'rethink/randomize';

/** FNV-1a (32-bit) over bytes, straight from the definition. */
function fnv1aBytes(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

describe('indexChecksum', () => {
  it('the byte-wise reference reproduces the published FNV-1a test vectors', () => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(fnv1aBytes(text(''))).toBe('811c9dc5');
    expect(fnv1aBytes(text('a'))).toBe('e40c292c');
    expect(fnv1aBytes(text('foobar'))).toBe('bf9cf968');
  });

  it('is FNV-1a of the indices as little-endian uint32 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 ** 32 - 1 }), { maxLength: 50 }), (indices) => {
        const bytes = new Uint8Array(Uint32Array.from(indices).buffer);
        // Uint32Array stores native-endian; every platform Node supports is little-endian, checked here.
        expect(new Uint8Array(Uint32Array.of(1).buffer)[0]).toBe(1);
        expect(indexChecksum(indices)).toBe(fnv1aBytes(bytes));
        expect(indexChecksum(Uint32Array.from(indices))).toBe(indexChecksum(indices));
      }),
    );
  });

  it('tells apart lists that differ in one entry or in order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { minLength: 2, maxLength: 50 }), fc.nat(), (indices, at) => {
        const i = at % indices.length;
        const changed = [...indices];
        changed[i] = (changed[i] as number) + 1;
        expect(indexChecksum(changed)).not.toBe(indexChecksum(indices));
      }),
    );
    expect(indexChecksum([1, 2])).not.toBe(indexChecksum([2, 1]));
  });
});

describe('summarizeIndices', () => {
  it('keeps the full list up to listLimit, only count and checksum beyond', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.option(fc.nat({ max: 50 }), { nil: undefined }),
        (indices, listLimit) => {
          const summary = summarizeIndices(indices, { listLimit });
          const limit = listLimit ?? RECORD_LIST_LIMIT;
          expect(summary.count).toBe(indices.length);
          expect(summary.checksum).toBe(indexChecksum(indices));
          expect(summary.indices).toEqual(indices.length <= limit ? indices : undefined);
          expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
        },
      ),
    );
  });

  it('defaults to 1024 entries, enough for a 32 × 32 permutation', () => {
    expect(RECORD_LIST_LIMIT).toBe(1024);
    expect(summarizeIndices(new Uint32Array(1024)).indices).toHaveLength(1024);
    expect(summarizeIndices(new Uint32Array(1025)).indices).toBeUndefined();
  });
});
