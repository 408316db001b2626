/**
 * The name patterns of the pack contract, in one place: the pack schema, the job payload schema
 * and the `language` generator (generators/lib/language.js) all use these.
 */

/** A pack id: also its queue name and its directory under language-packs/. */
export const PACK_ID = /^[a-z][a-z0-9-]{0,31}$/;

/** Another name a request may use for a pack. */
export const PACK_ALIAS = /^[a-z][a-z0-9+#.-]{0,31}$/;

/** The file the submitted code is written to, e.g. main.py. */
export const SOURCE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A path relative to the pack's package or job directory ("." and ".." segments are refused apart). */
export const RELATIVE_FILE = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
