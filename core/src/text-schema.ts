/**
 * joi schemas of text and files as requests carry them (the job's source, its extra files, a
 * checker program's or interactor's): UTF-8 byte bounds, no lone surrogates, safe file names.
 */
import Joi from 'joi';
import type { JobFile, RequestBounds } from './job.js';

/** An unpaired UTF-16 surrogate (a JSON "\\ud800" escape): text no UTF-8 file can hold. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Unicode text (what is written to files as UTF-8) of at most `max` UTF-8 bytes; NUL is data. */
export const bytesAtMost = (max: number) =>
  Joi.string()
    .allow('')
    .custom((value: string, helpers) => {
      if (LONE_SURROGATE.test(value)) return helpers.error('string.loneSurrogate');
      return Buffer.byteLength(value) > max ? helpers.error('string.maxBytes', { max }) : value;
    })
    .messages({
      'string.maxBytes': '{{#label}} must be at most {{#max}} bytes',
      'string.loneSurrogate': '{{#label}} must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF)',
    });

export const noNul = (schema: Joi.StringSchema) => schema.pattern(/^[^\0]*$/).messages({ 'string.pattern.base': '{{#label}} must not contain NUL bytes' });

/** A command-line word: any text but NUL, which no argv can carry. */
export const argvWord = (maxBytes: number) => noNul(bytesAtMost(maxBytes));

/** Relative paths of 1 to 4 segments; a segment never starts with "." or "-" (so no "..", no options). */
export const SAFE_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}){0,3}$/;

function fileSchema(bounds: RequestBounds) {
  return Joi.object<JobFile, true>({
    name: Joi.string()
      .pattern(SAFE_FILE_NAME)
      .required()
      .messages({ 'string.pattern.base': '{{#label}} must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)' }),
    content: Joi.string().allow('').required(),
    encoding: Joi.string().valid('utf8', 'base64'),
  }).custom((file: JobFile, helpers) => {
    if (file.encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(file.content)) return helpers.error('file.base64');
    if (file.encoding !== 'base64' && LONE_SURROGATE.test(file.content)) return helpers.error('file.loneSurrogate');
    const size = file.encoding === 'base64' ? Buffer.from(file.content, 'base64').length : Buffer.byteLength(file.content);
    return size > bounds.maxFileBytes ? helpers.error('file.tooBig', { max: bounds.maxFileBytes }) : file;
  }).messages({
    'file.base64': '{{#label}}.content is not valid base64',
    'file.loneSurrogate': '{{#label}}.content must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF); send bytes as base64',
    'file.tooBig': '{{#label}}.content must be at most {{#max}} bytes',
  });
}

/** File names must be unique, and no file may sit where another needs a folder ("a" and "a/b"). */
export function filesSchema(bounds: RequestBounds) {
  return Joi.array()
    .items(fileSchema(bounds))
    .max(bounds.maxFiles)
    .custom((files: JobFile[], helpers) => {
      const names = new Set(files.map((file) => file.name));
      if (names.size !== files.length) return helpers.error('files.duplicate');
      for (const name of names) {
        const parts = name.split('/');
        for (let depth = 1; depth < parts.length; depth++) {
          if (names.has(parts.slice(0, depth).join('/'))) return helpers.error('files.folder', { name });
        }
      }
      return files;
    })
    .messages({
      'files.duplicate': '{{#label}} must not name the same file twice',
      'files.folder': '{{#label}}: "{{#name}}" needs a folder where another file is',
    });
}

/** Source code is text: NUL is never valid source (compilers reject or drop it), unlike in input data. */
export function codeSchema(bounds: RequestBounds) {
  return noNul(bytesAtMost(bounds.maxCodeBytes)).disallow('').messages({ 'any.invalid': '{{#label}} must not be empty' });
}
