/**
 * The analysis pipeline shared by `beatwatch analyze` and the ingest worker: match → dedupe →
 * cluster → claims → diff against known facts → summary. Pure: no I/O, no clock, no Redis.
 *
 * (Placeholder: filled in by the analysis core. The exported names below are the contract.)
 */
export {};
