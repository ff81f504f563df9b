/**
 * Turns what a caller typed into a subcommand with checked options, or says what is wrong with
 * it. Pure, and it never throws: the result is either the command or a {@link CommandProblem}
 * that the reply builder words for people. Both input shapes go through the same checks, so Slack
 * text and Discord options are held to the same rules.
 */
import {
  type CommandOptionSpec,
  SUBCOMMAND_SPECS,
  type SubcommandSpec,
  subcommandSpec,
} from './command-spec.js';
import type { CommandInput } from './request.js';

/** Checked option values by option name; an option not given is absent. */
export type CommandOptions = Readonly<Record<string, string | number>>;

/** Why a command cannot be run as typed. */
export type CommandProblem =
  | { code: 'unknown-subcommand'; given: string }
  | { code: 'missing-option'; subcommand: SubcommandSpec; option: CommandOptionSpec }
  | { code: 'bad-option'; subcommand: SubcommandSpec; option: CommandOptionSpec; given: string };

export type ParsedCommand =
  | { ok: true; subcommand: SubcommandSpec; options: CommandOptions }
  | { ok: false; problem: CommandProblem };

/** Longest text kept of anything a caller typed, so a pasted essay cannot bloat a reply. */
const MAX_GIVEN = 200;

const HELP = SUBCOMMAND_SPECS.find((s) => s.name === 'help') as SubcommandSpec;

/** Parses either input shape. An empty command means `help`. */
export function parseCommand(input: CommandInput): ParsedCommand {
  return input.kind === 'text' ? parseText(input.text) : parseOptions(input.subcommand, input.options);
}

/**
 * Slack text: the first word names the subcommand; the words after it fill its options in order,
 * and the last option, when it is text, takes the rest of the line (`search abrego garcia`).
 */
export function parseText(text: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return { ok: true, subcommand: HELP, options: {} };
  const spec = subcommandSpec(first);
  if (!spec) return { ok: false, problem: { code: 'unknown-subcommand', given: first.slice(0, 40) } };
  const given: Record<string, string> = {};
  // A boolean option is typed as its own name, before the other options' words.
  let remaining = rest;
  for (const option of spec.options.filter((o) => o.type === 'boolean')) {
    if (remaining[0]?.toLowerCase() === option.name) {
      given[option.name] = 'true';
      remaining = remaining.slice(1);
    }
  }
  const valued = spec.options.filter((o) => o.type !== 'boolean');
  valued.forEach((option, i) => {
    const last = i === valued.length - 1;
    const value = last && option.type === 'string' ? remaining.slice(i).join(' ') : remaining[i];
    if (value !== undefined && value !== '') given[option.name] = value;
  });
  return checkOptions(spec, given);
}

/** Discord: a subcommand with named options. */
export function parseOptions(
  subcommand: string,
  options: Readonly<Record<string, string | number | boolean | undefined>>,
): ParsedCommand {
  const spec = subcommandSpec(subcommand);
  if (!spec) return { ok: false, problem: { code: 'unknown-subcommand', given: subcommand.slice(0, 40) } };
  const given: Record<string, string> = {};
  for (const option of spec.options) {
    const value = options[option.name];
    // Discord sends an unticked boolean as false: the same as not giving it.
    if (value === false) continue;
    if (value !== undefined && String(value).trim() !== '') given[option.name] = String(value).trim();
  }
  return checkOptions(spec, given);
}

function checkOptions(spec: SubcommandSpec, given: Readonly<Record<string, string>>): ParsedCommand {
  const options: Record<string, string | number> = {};
  for (const option of spec.options) {
    const raw = given[option.name];
    if (raw === undefined) {
      if (option.required)
        return { ok: false, problem: { code: 'missing-option', subcommand: spec, option } };
      continue;
    }
    const value = checkValue(option, raw);
    if (value === null) {
      return {
        ok: false,
        problem: { code: 'bad-option', subcommand: spec, option, given: raw.slice(0, MAX_GIVEN) },
      };
    }
    options[option.name] = value;
  }
  return { ok: true, subcommand: spec, options };
}

/** The value checked against its spec, or null when it does not fit. */
function checkValue(option: CommandOptionSpec, raw: string): string | number | null {
  if (option.type === 'boolean') return raw === 'true' ? 'true' : null;
  if (option.type === 'integer') {
    if (!/^[+-]?\d{1,9}$/.test(raw)) return null;
    const n = Number(raw);
    if (option.minValue !== undefined && n < option.minValue) return null;
    if (option.maxValue !== undefined && n > option.maxValue) return null;
    return n;
  }
  const text = raw.replace(/\s+/g, ' ').trim();
  if (option.choices) {
    const choice = option.choices.find((c) => c === text.toLowerCase());
    return choice ?? null;
  }
  if (option.maxLength !== undefined && Array.from(text).length > option.maxLength) return null;
  return text;
}
