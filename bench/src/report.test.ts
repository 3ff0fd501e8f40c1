import { describe, expect, it } from 'vitest';
import { figuresTable, fmt, markdownTable, targetsTable } from './report';
import type { Row, Run } from './results';

describe('fmt', () => {
  it('keeps about three significant digits', () => {
    expect(fmt(1234.5)).toBe('1235');
    expect(fmt(47.12)).toBe('47.1');
    expect(fmt(3.14159)).toBe('3.14');
    expect(fmt(0.012345)).toBe('0.0123');
  });
});

describe('markdownTable', () => {
  it('pads every column to its widest cell under a separator line', () => {
    expect(markdownTable(['a', 'bb'], [['ccc', 'd']]).split('\n')).toEqual(['| a   | bb |', '|-----|----|', '| ccc | d  |']);
  });
});

describe('figuresTable', () => {
  const row: Row = {
    workload: 'mlp',
    dtype: 'float64',
    unit: 'ms',
    figures: { jacobi: 10, pytorch: 4 },
    ratios: { pytorch: 2.5 },
    rssMB: { jacobi: 100, pytorch: 250 },
    rssRatios: { pytorch: 0.4 },
  };
  const runs: Run[] = [
    { library: 'tfjs-cpu', workload: 'mlp', dtype: 'float64', status: 'unsupported', reason: 'TensorFlow.js has no float64' },
    { library: 'jax-js', workload: 'mlp', dtype: 'float64', status: 'disagrees', reason: 'loss' },
  ];
  it('shows each figure with the ratio jacobi/peer, a dash where a peer cannot run, and why a peer is missing', () => {
    const lines = figuresTable([row], runs, ['jacobi', 'tfjs-cpu', 'jax-js', 'pytorch'], false).split('\n');
    expect(lines[0]).toMatch(/\| workload \| dtype +\| unit \| jacobi \| tfjs cpu \| jax-js +\| PyTorch +\|/);
    expect(lines[2].split('|').map((c) => c.trim())).toEqual(['', 'mlp', 'float64', 'ms', '10.0', '—', 'disagrees', '4.00 (2.50x)', '']);
  });
  it('shows peak RSS in MB in the RSS table', () => {
    const cells = figuresTable([row], runs, ['jacobi', 'pytorch'], true).split('\n')[2].split('|').map((c) => c.trim());
    expect(cells).toEqual(['', 'mlp', 'float64', 'MB', '100', '250 (0.400x)', '']);
  });
});

describe('targetsTable', () => {
  it('says met, NOT met or not measured for each target', () => {
    const text = targetsTable([
      { target: 'x', ratio: 0.5, condition: '< 1', met: true },
      { target: 'y', ratio: 2, condition: '< 1', met: false },
      { target: 'z', condition: '< 1', met: null },
    ]);
    expect(text).toMatch(/\| x +\| 0\.500 +\| < 1 +\| met +\|/);
    expect(text).toMatch(/\| y +\| 2\.00 +\| < 1 +\| NOT met +\|/);
    expect(text).toMatch(/\| z +\| n\/a +\| < 1 +\| not measured \|/);
  });
});
