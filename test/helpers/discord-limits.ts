/**
 * Discord's checks on a message body, as the API applies them: the fake Discord refuses a body
 * that breaks one with the same 50035 "Invalid Form Body" error, and render tests use it to show
 * that every payload would be accepted. Limits from Discord's documentation (Embed Limits; Create
 * Message): content 2000; at most 10 embeds; title 256; description 4096; at most 25 fields, name
 * 256, value 1024; footer text 2048; author name 256; 6000 characters over all embeds of a message.
 */

interface FieldError {
  code: string;
  message: string;
}

/** Discord's error body for an invalid message, or null when the body is valid. */
export function discordPayloadProblems(body: unknown): Record<string, unknown> | null {
  const errors: Record<string, { _errors: FieldError[] }> = {};
  const tooLong = (path: string, value: unknown, max: number) => {
    if (typeof value === 'string' && value.length > max) {
      errors[path] = {
        _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }],
      };
    }
  };
  const json = (body ?? {}) as Record<string, unknown>;
  const embeds = Array.isArray(json.embeds) ? (json.embeds as Array<Record<string, unknown>>) : [];
  tooLong('content', json.content, 2000);
  if (embeds.length > 10) {
    errors.embeds = {
      _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }],
    };
  }
  let total = 0;
  embeds.forEach((embed, i) => {
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const fields = Array.isArray(embed.fields) ? (embed.fields as Array<Record<string, unknown>>) : [];
    const footer = (embed.footer ?? {}) as Record<string, unknown>;
    const author = (embed.author ?? {}) as Record<string, unknown>;
    tooLong(`embeds.${i}.title`, embed.title, 256);
    tooLong(`embeds.${i}.description`, embed.description, 4096);
    tooLong(`embeds.${i}.footer.text`, footer.text, 2048);
    tooLong(`embeds.${i}.author.name`, author.name, 256);
    if (fields.length > 25) {
      errors[`embeds.${i}.fields`] = {
        _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }],
      };
    }
    fields.forEach((field, j) => {
      tooLong(`embeds.${i}.fields.${j}.name`, field.name, 256);
      tooLong(`embeds.${i}.fields.${j}.value`, field.value, 1024);
      if (!text(field.name) || !text(field.value)) {
        errors[`embeds.${i}.fields.${j}`] = {
          _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }],
        };
      }
    });
    for (const key of ['title', 'description'] as const) {
      if (embed[key] === '') {
        errors[`embeds.${i}.${key}`] = {
          _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }],
        };
      }
    }
    total +=
      text(embed.title).length +
      text(embed.description).length +
      text(footer.text).length +
      text(author.name).length +
      fields.reduce((n, f) => n + text(f.name).length + text(f.value).length, 0);
  });
  if (total > 6000) {
    errors.embeds = {
      _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
    };
  }
  if (!json.content && embeds.length === 0) {
    errors.content = { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'Cannot send an empty message' }] };
  }
  if (Object.keys(errors).length === 0) return null;
  return { message: 'Invalid Form Body', code: 50035, errors };
}
