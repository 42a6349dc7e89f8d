package dev.taper.model;

import dev.taper.training.export.ExportVariant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The models Taper has trained and how they relate: the one way into the model records. */
@Service
@Transactional(readOnly = true)
public class ModelCatalog {

  private final ModelRepository models;
  private final ModelEdgeRepository edges;
  private final JdbcClient jdbc;
  private final JsonMapper json;

  ModelCatalog(
      ModelRepository models, ModelEdgeRepository edges, JdbcClient jdbc, JsonMapper json) {
    this.models = models;
    this.edges = edges;
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Records a model whose files are already stored, and its lineage edges, in the caller's
   * transaction: the one that also completes the job that produced it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public ModelView record(NewModel model, List<NewEdge> lineage) {
    ModelEntity saved = models.saveAndFlush(new ModelEntity(model));
    for (NewEdge edge : lineage) {
      if (!edge.child().equals(model.id())) {
        throw new IllegalArgumentException("an edge of a new model must point to it: " + edge);
      }
      edges.save(new ModelEdgeEntity(edge.parent(), edge.child(), edge.relation()));
    }
    edges.flush();
    return view(saved);
  }

  /**
   * Holds a model that something new is to depend on (an export of it, an experiment it teaches):
   * its experiment's record is share-locked until the caller's transaction ends, so a concurrent
   * deletion of that experiment either waits for the caller and then finds the dependant, or
   * committed first and this finds no model.
   *
   * @return false when there is no such model (any more)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean holdForDependant(UUID modelId) {
    return jdbc.sql(
                """
                select count(*) from (select 1 from model m
                                        join experiment e on e.id = m.experiment_id
                                       where m.id = :model
                                         for share of e) held
                """)
            .param("model", modelId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Deletes an experiment's models and every lineage edge to or from them, in the caller's
   * transaction: the one that deletes the experiment once nothing else depends on its models.
   *
   * @return the artifact keys of their files, for the caller to delete once that has committed
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<String> deleteOfExperiment(UUID experimentId) {
    jdbc.sql(
            """
            delete from model_edge
             where parent_id in (select id from model where experiment_id = :experiment)
                or child_id in (select id from model where experiment_id = :experiment)
            """)
        .param("experiment", experimentId)
        .update();
    return jdbc.sql("delete from model where experiment_id = :experiment returning artifact_uri")
        .param("experiment", experimentId)
        .query(String.class)
        .list();
  }

  public Optional<ModelView> find(UUID id) {
    return models.findById(id).map(this::view);
  }

  public List<ModelView> ofExperiment(UUID experimentId) {
    return models.findByExperimentIdOrderByCreatedAt(experimentId).stream()
        .map(this::view)
        .toList();
  }

  /** The latest model of a role an experiment produced. */
  public Optional<ModelView> ofExperiment(UUID experimentId, ModelRole role) {
    return models
        .findFirstByExperimentIdAndRoleOrderByCreatedAtDesc(experimentId, role)
        .map(this::view);
  }

  /** The model a stage job produced, once it has. */
  public Optional<ModelView> producedBy(long jobId) {
    return models.findByProducedBy(jobId).map(this::view);
  }

  /** The exports of a model, oldest first. */
  public List<ModelView> exportsOf(UUID modelId) {
    return models.findExportsOf(modelId).stream().map(this::view).toList();
  }

  /** The model's latest export in this format and precision. */
  public Optional<ModelView> exportOf(UUID modelId, ExportVariant variant) {
    List<ModelView> matching =
        exportsOf(modelId).stream().filter(m -> variant.equals(m.export())).toList();
    return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
  }

  /** A WIDE model trained from exactly these inputs, to reuse as a teacher. */
  public Optional<ModelView> wideWithFingerprint(String fingerprint) {
    return models
        .findFirstByFingerprintAndRoleOrderByCreatedAtDesc(fingerprint, ModelRole.WIDE)
        .map(this::view);
  }

  /** A page of the models a query matches, in its order. */
  public Page<ModelView> search(ModelQuery query) {
    ModelSearch.Found found = new ModelSearch(jdbc).find(query);
    Map<UUID, ModelEntity> byId =
        models.findByIdIn(found.ids()).stream()
            .collect(Collectors.toMap(ModelEntity::id, Function.identity()));
    List<ModelView> views =
        found.ids().stream().filter(byId::containsKey).map(id -> view(byId.get(id))).toList();
    return new PageImpl<>(views, PageRequest.of(query.page(), query.size()), found.total());
  }

  /**
   * The model's lineage graph: every model of its experiment, their ancestors and the model's
   * descendants; or empty when there is no such model.
   */
  public Optional<Lineage> lineage(UUID modelId) {
    Optional<ModelEntity> model = models.findById(modelId);
    if (model.isEmpty()) {
      return Optional.empty();
    }
    Set<UUID> ids = new LinkedHashSet<>();
    models
        .findByExperimentIdOrderByCreatedAt(model.get().experimentId())
        .forEach(m -> ids.add(m.id()));
    ids.addAll(ancestors(List.copyOf(ids)));
    ids.addAll(
        jdbc.sql(
                """
                with recursive descendants(id) as (
                    select child_id from model_edge where parent_id = :start
                    union
                    select e.child_id from model_edge e join descendants d on e.parent_id = d.id)
                select id from descendants
                """)
            .param("start", modelId)
            .query(UUID.class)
            .list());
    return Optional.of(graph(ids));
  }

  /**
   * The model and every model it was made from, with the edges between them; or empty when there is
   * no such model. Unlike {@link #lineage} no later model changes it, so a download that carries it
   * keeps its bytes.
   */
  public Optional<Lineage> provenance(UUID modelId) {
    if (models.findById(modelId).isEmpty()) {
      return Optional.empty();
    }
    Set<UUID> ids = new LinkedHashSet<>();
    ids.add(modelId);
    ids.addAll(ancestors(List.of(modelId)));
    return Optional.of(graph(ids));
  }

  private List<UUID> ancestors(List<UUID> start) {
    return jdbc.sql(
            """
            with recursive ancestors(id) as (
                select parent_id from model_edge where child_id in (:start)
                union
                select e.parent_id from model_edge e join ancestors a on e.child_id = a.id)
            select id from ancestors
            """)
        .param("start", start)
        .query(UUID.class)
        .list();
  }

  /** The models with these ids as nodes and every edge between two of them. */
  private Lineage graph(Set<UUID> ids) {
    Map<UUID, ModelEntity> byId =
        models.findByIdIn(ids).stream()
            .collect(Collectors.toMap(ModelEntity::id, Function.identity()));
    List<Lineage.Node> nodes = new ArrayList<>();
    for (ModelEntity m : byId.values()) {
      nodes.add(
          new Lineage.Node(
              m.id(),
              m.role(),
              m.family(),
              json.readTree(m.architecture()),
              m.experimentId(),
              testAccuracy(m)));
    }
    nodes.sort(Comparator.comparing(Lineage.Node::role).thenComparing(Lineage.Node::id));
    List<Lineage.Edge> lineageEdges =
        edges.findAmong(byId.keySet()).stream()
            .map(e -> new Lineage.Edge(e.key().parentId(), e.key().childId(), e.key().relation()))
            .sorted(
                Comparator.comparing(Lineage.Edge::relation)
                    .thenComparing(Lineage.Edge::from)
                    .thenComparing(Lineage.Edge::to))
            .toList();
    return new Lineage(nodes, lineageEdges);
  }

  private Double testAccuracy(ModelEntity m) {
    JsonNode accuracy = json.readTree(m.metrics()).get("testAccuracy");
    return accuracy == null || !accuracy.isNumber() ? null : accuracy.asDouble();
  }

  private ModelView view(ModelEntity m) {
    return new ModelView(
        m.id(),
        m.experimentId(),
        m.producedBy(),
        m.role(),
        m.family(),
        json.readTree(m.architecture()),
        m.paramCount(),
        m.flops(),
        m.sizeBytes(),
        m.sha256(),
        MetricsJson.served(json.readTree(m.metrics())),
        m.fingerprint(),
        m.createdAt(),
        m.artifactUri(),
        m.export());
  }
}
