import { strict as assert } from 'node:assert';
import { joinCells, readNotebook } from '../../engine/syntax/notebook';
import { parsePython } from '../../engine/syntax/python/parse';

function notebook(cells: unknown[], metadata: unknown = { language_info: { name: 'python' } }): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells });
}

describe('readNotebook', () => {
  it('returns the code cells in order, with array or string sources', () => {
    const json = notebook([
      { cell_type: 'markdown', source: ['# Title'] },
      { cell_type: 'code', source: ['import numpy as np\n', 'x = 1'], metadata: {}, outputs: [] },
      { cell_type: 'code', source: 'y = 2\n' },
      { cell_type: 'raw', source: 'z = 3' },
    ]);
    // cellNumbers: where each code cell is among all cells (the markdown title is cell 0).
    assert.deepEqual(readNotebook(json), { cells: ['import numpy as np\nx = 1', 'y = 2\n'], cellNumbers: [1, 2] });
  });

  it('rejects non-Python notebooks and skips cells in other languages', () => {
    const r = readNotebook(notebook([{ cell_type: 'code', source: 'x <- 1' }], { kernelspec: { language: 'R', name: 'ir' } }));
    assert.ok('error' in r && r.error.includes('R'));
    const julia = readNotebook(notebook([], { language_info: { name: 'julia' } }));
    assert.ok('error' in julia);
    const mixed = readNotebook(
      notebook([
        { cell_type: 'code', source: 'a = 1' },
        { cell_type: 'code', source: 'SELECT 1', metadata: { vscode: { languageId: 'sql' } } },
      ]),
    );
    assert.deepEqual(mixed, { cells: ['a = 1'], cellNumbers: [0] });
    assert.deepEqual(readNotebook(notebook([{ cell_type: 'code', source: 'b = 2' }], {})), { cells: ['b = 2'], cellNumbers: [0] });
  });

  it('returns clear errors instead of throwing', () => {
    for (const bad of ['', '{', 'null', '[]', '{"cells": 3}', '{"nbformat": 3, "cells": []}', '\u0000\u0001']) {
      const r = readNotebook(bad);
      assert.ok('error' in r && r.error.length > 0, JSON.stringify(bad));
    }
    const odd = readNotebook(JSON.stringify({ cells: [null, 3, { cell_type: 'code', source: [1, 2] }, { cell_type: 'code' }] }));
    assert.deepEqual(odd, { cells: [], cellNumbers: [] });
  });
});

describe('joinCells', () => {
  it('joins cells with a newline each and maps lines back to cells', () => {
    const j = joinCells(['a = 1\nb = 2', 'c = 3\n', 'd = 4']);
    assert.equal(j.text, 'a = 1\nb = 2\nc = 3\n\nd = 4\n');
    assert.deepEqual([j.cellStartLine(0), j.cellStartLine(1), j.cellStartLine(2)], [0, 2, 4]);
    assert.deepEqual(j.toCell(0), { cell: 0, line: 0 });
    assert.deepEqual(j.toCell(1), { cell: 0, line: 1 });
    assert.deepEqual(j.toCell(2), { cell: 1, line: 0 });
    assert.deepEqual(j.toCell(3), { cell: 1, line: 1 });
    assert.deepEqual(j.toCell(4), { cell: 2, line: 0 });
    const lines = j.text.split('\n');
    assert.equal(lines[j.cellStartLine(2)], 'd = 4');
  });

  it('comments out magics and shell lines without moving columns', () => {
    const cell = '%matplotlib inline\n  !pip install numpy\nnp.dot?\nx = np.ones((2, 3))  # why?\ny = x.T';
    const j = joinCells([cell]);
    const lines = j.text.split('\n');
    assert.deepEqual(lines.slice(0, 5), ['#matplotlib inline', '  #pip install numpy', '#p.dot?', 'x = np.ones((2, 3))  # why?', 'y = x.T']);
    for (let i = 0; i < 5; i++) assert.equal(lines[i].length, cell.split('\n')[i].length);
    const m = parsePython(j.text);
    assert.deepEqual(m.errors, []);
    assert.deepEqual(m.body.map((s) => s.kind), ['assign', 'assign']);
  });

  it('comments out whole cells written in another language by a cell magic', () => {
    const j = joinCells(['%%bash\necho hi', '%%time\nz = 1']);
    assert.equal(j.text, '#%bash\n#cho hi\n#%time\nz = 1\n');
    assert.deepEqual(parsePython(j.text).errors, []);
  });

  it('handles \\r\\n cells and no cells', () => {
    const j = joinCells(['a = 1\r\nb = 2']);
    assert.equal(j.text, 'a = 1\nb = 2\n');
    const empty = joinCells([]);
    assert.equal(empty.text, '');
    assert.deepEqual(empty.toCell(3), { cell: 0, line: 3 });
  });
});
