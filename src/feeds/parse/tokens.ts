/**
 * A thin, linear-time driver over htmlparser2's tokenizer. We do not use htmlparser2's `Parser`:
 * it keeps open elements with `Array.unshift`, which makes a document of many unclosed tags
 * (hostile or just broken) take quadratic time — minutes for a few megabytes. Our readers keep
 * their own stacks (bounded in depth), so the tokens are all they need.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** What a token consumer receives. Names are as written; attribute values raw unless decoded. */
export interface TokenHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(data: string): void;
  cdata?(data: string): void;
}

/**
 * Tokenizes `input` and reports tags, text and CDATA to `handler`.
 *
 * @param xmlMode XML rules (CDATA sections, `<x/>` closes, no special script/style content);
 *   otherwise HTML rules (script/style content is raw text).
 * @param decodeEntities whether the tokenizer decodes entities in text and attribute values
 *   (HTML mode uses this; XML mode leaves them to the caller, which knows more entities).
 */
export function tokenize(
  input: string,
  handler: TokenHandler,
  xmlMode: boolean,
  decodeEntities: boolean,
): void {
  let tagName = '';
  let attrs: Record<string, string> = {};
  let attrName = '';
  let attrValue = '';
  const slice = (start: number, end: number) => input.slice(start, end);
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tagName = slice(start, end);
      attrs = {};
    },
    onattribname(start, end) {
      attrName = slice(start, end);
      attrValue = '';
    },
    onattribdata(start, end) {
      attrValue += slice(start, end);
    },
    onattribentity(codepoint) {
      attrValue += String.fromCodePoint(codepoint);
    },
    onattribend() {
      if (!Object.hasOwn(attrs, attrName)) attrs[attrName] = attrValue;
      attrValue = '';
    },
    onopentagend() {
      handler.open(tagName, attrs, false);
    },
    onselfclosingtag() {
      handler.open(tagName, attrs, true);
      if (xmlMode) handler.close(tagName);
    },
    onclosetag(start, end) {
      handler.close(slice(start, end));
    },
    ontext(start, end) {
      handler.text(slice(start, end));
    },
    ontextentity(codepoint) {
      handler.text(String.fromCodePoint(codepoint));
    },
    oncdata(start, end, offset) {
      const data = slice(start, end - offset);
      if (handler.cdata) handler.cdata(data);
      else handler.text(data);
    },
    oncomment() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {},
  };
  const tokenizer = new Tokenizer({ xmlMode, decodeEntities }, callbacks);
  tokenizer.write(input);
  tokenizer.end();
}
