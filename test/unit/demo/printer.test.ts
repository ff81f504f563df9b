import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDemoPrinter } from '../../../src/demo/printer.js';

function capture(tty: boolean) {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY: tty });
  const written = { out: '', err: '' };
  out.on('data', (c: Buffer) => {
    written.out += c.toString();
  });
  err.on('data', (c: Buffer) => {
    written.err += c.toString();
  });
  return { printer: createDemoPrinter(out, err), written };
}

describe('createDemoPrinter', () => {
  it('on a terminal, redraws one status line and clears it around printed text', () => {
    const { printer, written } = capture(true);
    printer.status('round 1: 0/7');
    printer.status('round 1: 7/7');
    printer.print('an alert');
    printer.done();
    expect(written.out).toBe('an alert\n');
    expect(written.err).toBe(
      'round 1: 0/7' + '\r\u001b[2Kround 1: 7/7' + '\r\u001b[2K' + 'round 1: 7/7' + '\r\u001b[2K',
    );
  });

  it('into a pipe, writes each new status once, on its own line, without control characters', () => {
    const { printer, written } = capture(false);
    printer.status('round 1: 0/7');
    printer.status('round 1: 0/7');
    printer.status('round 1: 7/7');
    printer.print('text');
    printer.done();
    expect(written.err).toBe('round 1: 0/7\nround 1: 7/7\n');
    expect(written.out).toBe('text\n');
  });
});
