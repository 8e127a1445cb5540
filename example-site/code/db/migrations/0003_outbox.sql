-- The outbox table of ADR-0013; amounts stay in minor units (ADR-0005).
create table outbox (
  id bigserial primary key,
  entry_id bigint not null,
  amount_minor bigint not null
);
