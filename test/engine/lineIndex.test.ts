import { strict as assert } from 'node:assert';
import { LineIndex } from '../../engine/syntax/lineIndex';

describe('LineIndex', () => {
  it('maps offsets to lines and columns and back', () => {
    const text = 'ab\ncde\n\nf';
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 4);
    assert.deepEqual(idx.positionAt(0), { line: 0, column: 0 });
    assert.deepEqual(idx.positionAt(2), { line: 0, column: 2 });
    assert.deepEqual(idx.positionAt(3), { line: 1, column: 0 });
    assert.deepEqual(idx.positionAt(5), { line: 1, column: 2 });
    assert.deepEqual(idx.positionAt(6), { line: 1, column: 3 });
    assert.deepEqual(idx.positionAt(7), { line: 2, column: 0 });
    assert.deepEqual(idx.positionAt(8), { line: 3, column: 0 });
    assert.deepEqual(idx.positionAt(9), { line: 3, column: 1 });
    for (let off = 0; off <= text.length; off++) assert.equal(idx.offsetAt(idx.positionAt(off)), off, `offset ${off}`);
  });

  it('handles \\r\\n and lone \\r line breaks', () => {
    const text = 'a\r\nbc\rd';
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 3);
    assert.deepEqual([idx.lineText(0), idx.lineText(1), idx.lineText(2)], ['a', 'bc', 'd']);
    assert.deepEqual(idx.positionAt(3), { line: 1, column: 0 });
    assert.deepEqual(idx.positionAt(6), { line: 2, column: 0 });
    assert.deepEqual(idx.positionAt(7), { line: 2, column: 1 });
    // The offset between \r and \n stays on the line the pair ends.
    assert.deepEqual(idx.positionAt(2), { line: 0, column: 1 });
    assert.equal(idx.offsetAt({ line: 1, column: 1 }), 4);
    assert.equal(idx.offsetAt({ line: 0, column: 99 }), 1);
  });

  it('counts columns in UTF-16 code units', () => {
    const text = 'x = "😀é" + y\nz';
    const idx = new LineIndex(text);
    const y = text.indexOf('y');
    assert.deepEqual(idx.positionAt(y), { line: 0, column: 12 });
    assert.equal(idx.offsetAt({ line: 0, column: 12 }), y);
  });

  it('clamps out-of-range input', () => {
    const idx = new LineIndex('ab\nc');
    assert.deepEqual(idx.positionAt(-5), { line: 0, column: 0 });
    assert.deepEqual(idx.positionAt(100), { line: 1, column: 1 });
    assert.equal(idx.offsetAt({ line: -1, column: 0 }), 0);
    assert.equal(idx.offsetAt({ line: 9, column: 0 }), 4);
    assert.equal(idx.lineText(5), '');
  });

  it('treats empty text and a trailing newline as lines', () => {
    assert.equal(new LineIndex('').lineCount, 1);
    const idx = new LineIndex('a\n');
    assert.equal(idx.lineCount, 2);
    assert.deepEqual(idx.positionAt(2), { line: 1, column: 0 });
    assert.equal(idx.lineText(1), '');
  });

  it('agrees with the line starts built alongside a large text', () => {
    let text = '';
    const starts: number[] = [];
    for (let i = 0; i < 2000; i++) {
      starts.push(text.length);
      text += 'x'.repeat(i % 17) + (i % 3 === 0 ? '\r\n' : '\n');
    }
    starts.push(text.length);
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, starts.length);
    for (let line = 0; line < starts.length; line += 37) {
      assert.deepEqual(idx.positionAt(starts[line]), { line, column: 0 });
      assert.deepEqual(idx.positionAt(starts[line] + (line % 17)), { line, column: line % 17 });
      assert.equal(idx.lineText(line), line < 2000 ? 'x'.repeat(line % 17) : '');
    }
  });
});
