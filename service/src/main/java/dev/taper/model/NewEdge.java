package dev.taper.model;

import java.util.UUID;

/** A lineage edge to record: {@code child} came from {@code parent}. */
public record NewEdge(UUID parent, UUID child, EdgeRelation relation) {}
