/**
 * Exports of trained models: requesting them (with an experiment's spec or later for any model),
 * what each EXPORT job is to export, and serving an export's download by format and precision. The
 * export itself runs on a worker like any stage.
 */
package dev.taper.export;
