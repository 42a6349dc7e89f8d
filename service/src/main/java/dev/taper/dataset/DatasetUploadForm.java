package dev.taper.dataset;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The parts of a dataset upload, as the contract describes them. The controller reads the multipart
 * request itself (so that every problem names its part); this record only gives the parts their
 * schema.
 */
@Schema(name = "DatasetUpload", description = "A dataset's name, format and files")
record DatasetUploadForm(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "1 to 64 lower-case letters, digits, '.', '_' and '-'",
            pattern = "^[a-z0-9][a-z0-9._-]{0,63}$",
            example = "my-digits")
        String name,
    @Schema(
            description = "A DatasetFormat in lower case",
            allowableValues = {"idx", "csv"},
            defaultValue = "idx")
        String format,
    @Schema(
            description = "Classes, when more than the largest label + 1",
            minimum = "2",
            maximum = "100000",
            example = "10")
        Integer classes,
    @Schema(type = "string", format = "binary", description = "IDX training images")
        String trainImages,
    @Schema(type = "string", format = "binary", description = "IDX training labels")
        String trainLabels,
    @Schema(type = "string", format = "binary", description = "IDX test images") String testImages,
    @Schema(type = "string", format = "binary", description = "IDX test labels") String testLabels,
    @Schema(type = "string", format = "binary", description = "CSV training examples") String train,
    @Schema(type = "string", format = "binary", description = "CSV test examples") String test) {}
