-- EXPORT stages: an ONNX export of a trained model at one precision, recorded as a model of role
-- EXPORT whose parent (edge EXPORTED_FROM) is the model it was exported from.

-- What an EXPORT job exports. The source model is named when the export was requested for an
-- existing model; an export planned with its experiment exports the model its dependency produces.
create table export_job (
    job_id          bigint primary key references stage_job (id) on delete cascade,
    source_model_id uuid references model (id),
    format          text not null check (format in ('onnx')),
    precision       text not null check (precision in ('fp32', 'fp16', 'int8'))
);

alter table model drop constraint model_role_check;
alter table model add constraint model_role_check
    check (role in ('WIDE', 'WARMED', 'THIN', 'SCRATCH', 'KD', 'DEEPER', 'EXPORT'));
alter table model add column format text;
alter table model add column precision text;
alter table model add constraint model_export_columns
    check ((role = 'EXPORT') = (format is not null and precision is not null));

-- one export per model, format and precision (found through the edge, so it is unique there)
create index model_export on model (format, precision) where role = 'EXPORT';

alter table model_edge drop constraint model_edge_relation_check;
alter table model_edge add constraint model_edge_relation_check
    check (relation in ('IMITATED_FROM', 'FINETUNED_FROM', 'DISTILLED_FROM', 'EXPORTED_FROM'));
