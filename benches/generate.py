#!/usr/bin/env python3
"""Generate a synthetic shoshin records repository for benchmarks.

    python3 benches/generate.py OUT_DIR --items N [--seed S] [--git COMMITS] [--force]

Writes N items (items/PAY-<n>-<slug>.md), N/4 decisions
(decisions/ADR-<nnnn>-<slug>.md), N/20 sessions
(sessions/<date>-refinement-<n>.md) and a shoshin.yaml. The output is a pure
function of (N, seed, COMMITS): same arguments, byte-identical files and, with
--git, identical commit ids.

The repository is meant to check clean: every id in front matter, every
[[ID]], every bare id in prose and every relative link resolves; depends_on
only points at lower-numbered items and supersedes only at lower-numbered
decisions, so neither can form a cycle; items whose status is ready (or later)
only depend on ready/in-progress/done items, only link accepted decisions and
have no open question left; every unchecked question or follow-up names an
@owner; spikes have a timebox; sessions have at most 8 items and last at most
90 minutes.

With --git COMMITS the directory also becomes a git repository whose history
(about COMMITS commits, written with `git fast-import` and repacked as a clone would be, several authors, dates
over three years) starts with an import of a third of the records, then adds the
rest in batches and moves statuses along (draft -> refining -> ready, sometimes
back to refining and ready again, proposed -> accepted, accepted -> superseded).
The final commit's tree is exactly the files written.

Standard library only.
"""

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import time

# --------------------------------------------------------------------------
# Vocabulary

PEOPLE = [
    ("amara", "Amara Okafor", "+0100"),
    ("bruno", "Bruno Lefebvre", "+0100"),
    ("chen", "Chen Wei", "+0800"),
    ("dana", "Dana Kowalski", "+0100"),
    ("emeka", "Emeka Nwosu", "+0000"),
    ("farah", "Farah Haddad", "+0200"),
    ("gustav", "Gustav Lindqvist", "+0100"),
    ("hana", "Hana Suzuki", "+0900"),
    ("ivan", "Ivan Petrov", "+0200"),
    ("jun", "Jun Park", "+0900"),
    ("keiko", "Keiko Tanaka", "+0900"),
    ("lars", "Lars Jensen", "+0100"),
    ("mei", "Mei Lin", "+0800"),
    ("nadia", "Nadia Benali", "+0100"),
    ("omar", "Omar Farouk", "+0200"),
    ("priya", "Priya Raman", "+0530"),
    ("quentin", "Quentin Moreau", "+0100"),
    ("rosa", "Rosa Delgado", "-0500"),
    ("sanjay", "Sanjay Iyer", "+0530"),
    ("tomas", "Tomas Novak", "+0100"),
    ("uma", "Uma Patel", "+0000"),
]
HANDLES = [p[0] for p in PEOPLE]
PERSON = {p[0]: p for p in PEOPLE}
FACILITATORS = ["dana", "lars", "priya", "rosa", "gustav", "mei"]

TAGS = [
    "payments", "invoicing", "refunds", "payouts", "checkout", "fraud",
    "compliance", "pci", "reporting", "ledger", "reconciliation",
    "subscriptions", "billing", "api", "webhooks", "performance", "security",
    "observability", "ux", "mobile", "i18n", "tax", "onboarding", "disputes",
    "data-migration",
]

SERVICES = [
    "the checkout service", "the ledger", "the payouts worker",
    "the reconciliation job", "the invoicing service", "the refunds API",
    "the fraud scoring service", "the merchant dashboard",
    "the settlement pipeline", "the webhook dispatcher", "the card vault",
    "the billing engine", "the tax calculator", "the dispute tracker",
    "the FX rate cache", "the notification service", "the reporting warehouse",
    "the subscription scheduler", "the acquirer gateway", "the risk rules engine",
]
ACTORS = [
    "merchants", "finance operations", "the support team", "marketplace sellers",
    "enterprise customers", "the risk team", "auditors", "partner banks",
    "mobile users", "the accounting team", "small businesses", "platform admins",
]
OBJECTS = [
    "invoices", "payouts", "partial refunds", "card authorisations",
    "SEPA direct debits", "chargebacks", "webhook deliveries",
    "settlement reports", "merchant balances", "tax lines",
    "subscription renewals", "ledger entries", "payment intents",
    "3-D Secure challenges", "currency conversions", "dispute evidence",
    "fee schedules", "bank transfers", "credit notes", "payment links",
    "recurring mandates", "statement descriptors", "reserve holds",
    "instalment plans",
]
PROBLEMS = [
    "time out under load", "are reported twice", "arrive out of order",
    "are rounded inconsistently", "lose their idempotency key",
    "cannot be traced end to end", "are silently dropped",
    "block the nightly batch", "show the wrong currency",
    "need manual correction", "are retried too aggressively",
    "miss the bank cut-off time",
]
METRICS = [
    "p95 latency", "the error rate", "the manual-review queue",
    "the number of support tickets", "the settlement delay",
    "the failed-payment rate", "the chargeback ratio",
    "the reconciliation backlog", "the number of on-call pages",
]
TEAMS = [
    "the payments squad", "the platform team", "the data team", "SRE",
    "finance engineering", "the mobile team", "security", "legal",
]
CODE = [
    "payment_intent_id", "POST /v1/refunds", "settlement_batch",
    "ledger.entries", "retry_after", "Idempotency-Key", "amount_minor",
    "currency", "GET /v1/payouts/{id}", "status = 'captured'", "capture_method",
    "webhook_secret", "payout.failed", "invoice.finalized", "max_attempts",
    "merchant_id", "fx_rate", "created_at", "reconciled_at",
    "statement_descriptor", "refund.created", "batch_size",
]
TECH = [
    "Postgres", "Kafka", "Redis", "an outbox table", "event sourcing", "gRPC",
    "OpenAPI 3.1", "feature flags", "a transactional inbox", "S3 object lock",
    "Temporal workflows", "row-level security", "a read replica",
    "change data capture", "HMAC-signed webhooks", "ISO 20022 messages",
    "a monorepo", "contract tests", "bitemporal tables", "circuit breakers",
    "OpenTelemetry", "ClickHouse", "a shared money type", "UUIDv7 keys",
]
PURPOSES = [
    "invoice storage", "payout scheduling", "webhook delivery",
    "ledger consistency", "refund processing", "fraud signals",
    "reporting exports", "currency conversion", "idempotency",
    "settlement files", "merchant onboarding", "audit trails",
    "subscription billing", "dispute handling", "tax calculation",
    "service-to-service calls", "API versioning", "secrets rotation",
    "card data tokenisation", "event publishing",
]
CURRENCIES = ["EUR", "GBP", "USD", "SEK", "PLN", "JPY", "CHF", "DKK"]
ADJ = ["noticeably", "mostly", "rarely", "occasionally", "consistently", "barely"]

ACTIONS = [
    "Export", "Import", "Retry", "Reconcile", "Validate", "Support", "Show",
    "Cache", "Split", "Archive", "Notify merchants about", "Migrate",
    "Schedule", "Audit", "Throttle", "Encrypt", "Deduplicate", "Backfill",
    "Paginate", "Version", "Batch", "Expose", "Filter", "Search", "Sign",
]
SUFFIXES = [
    "as CSV", "for marketplace merchants", "in the dashboard",
    "via the public API", "after a failed capture", "per billing period",
    "in multiple currencies", "with idempotency keys", "for EU customers",
    "on mobile", "for enterprise accounts", "in the nightly batch",
    "with an audit trail", "behind a feature flag", "for partner banks", "",
    "", "",
]
BUG_SUFFIX = [
    "on partial captures", "after a currency switch", "in the monthly export",
    "when the acquirer times out", "for zero-amount invoices",
    "on leap days", "for merchants with several accounts",
    "after a webhook retry", "in the Japanese locale", "during DST changes",
]
EPIC_NAMES = [
    "Payouts v2", "Invoicing overhaul", "Refund automation", "Multi-currency",
    "Dispute workflow", "Subscription billing", "Ledger rewrite",
    "Merchant onboarding revamp", "Reporting platform", "Fraud signals",
    "Tax engine", "Webhook reliability", "Checkout performance",
    "PCI scope reduction", "Open banking payments", "Instalments",
]
TASK_VERBS = [
    "Upgrade", "Rotate", "Document", "Clean up", "Remove", "Pin",
    "Monitor", "Alert on", "Load-test", "Rename",
]
TASK_THINGS = [
    "the acquirer SDK", "webhook signing secrets", "the settlement runbook",
    "unused refund flags", "legacy payout endpoints", "the FX provider client",
    "ledger dashboards", "the card vault certificates", "the tax rate tables",
    "the reconciliation cron", "stale feature flags", "the invoice PDF renderer",
]
SPIKE_VERBS = ["Investigate", "Evaluate", "Prototype", "Compare options for", "Measure"]
DEC_VERBS = ["Use", "Adopt", "Introduce", "Standardise on", "Prefer", "Move to"]

# Sentence templates. Slots: {svc} {Svc} {actor} {Actor} {obj} {Obj} {problem}
# {metric} {team} {code} {tech} {purpose} {cur} {n} {m} {pct} {adj}
WHY = [
    "{Actor} currently have no reliable way to see {obj} for a given period, so they open a ticket and wait for {team}.",
    "Today {svc} processes {obj} synchronously, which means a slow acquirer response holds a database connection for up to {n} seconds.",
    "When {obj} {problem}, {actor} lose trust in the numbers and reconcile by hand in spreadsheets.",
    "We saw {n} incidents last quarter where {obj} {problem}; each one took {team} about {m} hours to untangle.",
    "The contract with our largest partner requires that {obj} are available within {n} minutes of capture.",
    "Without this change, {metric} keeps growing as volume increases by roughly {pct}% a month.",
    "This is the smallest slice that lets {actor} stop exporting {obj} by hand.",
    "{Svc} already stores `{code}`, so most of the data is there; what is missing is a safe way to query it.",
    "{Actor} told us in the last round of interviews that {obj} are the first thing they check every morning.",
    "Support spends {n} hours a week answering questions about {obj} that the product should answer itself.",
    "Regulators expect us to keep {obj} for {n} years and to show who changed what, which {svc} cannot do today.",
    "The current behaviour was fine at {n} transactions a day but does not hold at the volumes we now see in {cur}.",
    "Most of the pain comes from edge cases: refunds in {cur}, merchants with several accounts, and retries after a timeout.",
    "If we do nothing, {metric} will {adj} exceed the threshold we agreed with {team}.",
    "We want {actor} to be able to answer the question themselves, without a developer running a query for them.",
]
RISK = [
    "Backfilling {obj} for existing merchants could take {n} hours and lock the `{code}` table if done naively.",
    "{Svc} is owned by {team}, who have a full quarter; we may wait on their review.",
    "The acquirer sandbox does not behave like production for {obj}, so tests can pass while real traffic fails.",
    "Rounding differences between {cur} and the settlement currency may surface as one-cent mismatches.",
    "We might ship a change that doubles {metric} for merchants with more than {n} open {obj}.",
    "A partial rollout leaves {obj} in two formats at once; every reader must cope with both.",
    "Nobody has touched {svc} in a year and its alerting is known to be noisy.",
    "If the feature flag is left on for a subset of merchants, support will see inconsistent {obj}.",
]
NOTE = [
    "The first version deliberately ignores {obj} in {cur}; they are a small share of volume.",
    "{Team} agreed to review the migration plan before we start.",
    "We keep the old endpoint for {n} days and log every call to it so we know who still depends on it.",
    "Metrics for this live on the {svc} dashboard, next to {metric}.",
    "The payload keeps `{code}` as it is to avoid breaking existing integrations.",
    "A quick test against a copy of production took {n} seconds for {m} thousand rows.",
    "This came up again in the last refinement; people mostly agreed on the shape but not on the rollout order.",
    "Feedback from {actor} was *cautiously positive*, with one request to show totals per currency.",
]
CONTEXT = [
    "{Svc} has grown from a single table to a collection of jobs that each read and write {obj} in their own way.",
    "Over the last year {metric} has doubled, and most of the incidents trace back to how we handle {obj}.",
    "{Team} and {team2} both need {obj}, but for different reasons and at different latencies.",
    "We currently rely on {tech} only in {svc}; everywhere else the same problem is solved ad hoc.",
    "The decision matters because it is expensive to reverse: {obj} written today must stay readable for {n} years.",
    "Auditors asked us to show, for any {obj_s}, who changed it and why, which the current design cannot answer.",
    "Volume in {cur} grew by {pct}% last year and the batch that handles {obj} now runs for {n} minutes.",
    "Several teams have built their own workaround, which is how we ended up with {n} slightly different definitions of {obj}.",
    "The constraint we cannot relax is that a payment is never captured twice, whatever fails in between.",
    "We looked at what {actor} actually do with {obj} and found that most of them only need the last {n} days.",
]
OPTION_PRO = [
    "well understood by the team", "no new infrastructure to run",
    "keeps {obj} consistent with the ledger", "cheap to try behind a flag",
    "scales past {n} thousand events a second in our tests",
    "supported by {team}", "easy to reason about during incidents",
    "matches how {actor} think about {obj}",
]
OPTION_CON = [
    "another system to operate and page on", "migration of existing {obj} is risky",
    "adds {n} ms to the critical path", "couples {svc} to {svc2}",
    "needs a licence review", "little experience in the team",
    "hard to test locally", "unclear story for backfills",
]
DECISION = [
    "We will use {tech} for {purpose}, starting with {svc}.",
    "New code that touches {obj} goes through {svc}; direct table access is removed over the next {n} weeks.",
    "We accept the extra operational cost in exchange for a single place where {obj} are defined.",
    "Existing {obj} are migrated in batches of {m} thousand, behind a flag, with a dry run first.",
    "{Team} own the rollout and report progress in the weekly payments review.",
    "The old path stays read-only for {n} days and is then deleted.",
]
CONSEQ = [
    "{Actor} get consistent {obj} across the dashboard and the API.",
    "On-call needs a new runbook for {tech}.",
    "We expect {metric} to drop {adj} once the migration is done.",
    "Some reports will change by a few cents because rounding now happens once, in {svc}.",
    "Teams that built their own workaround have to move within {n} weeks.",
    "The test suite grows: every change to {obj} needs a contract test.",
    "We give up some flexibility in {svc2}, which can no longer write {obj} directly.",
]
SESSION_NOTE = [
    "We started with the items closest to the top of the backlog and spent most of the time on the ones that were not yet estimated.",
    "The discussion about {obj} took longer than planned; we parked the rollout question.",
    "{Actor} were represented by {person}, who walked us through two real tickets.",
    "Estimates converged quickly except where {svc} is involved, which nobody has touched in months.",
    "We agreed that anything touching {obj} needs a decision record before it can be ready.",
    "Time-boxed the debate on {tech} to ten minutes and moved it to a spike.",
    "The group felt the backlog is in better shape than last time; fewer items arrive without a Why.",
]
AC_PRE = [
    "a merchant with {n} open {obj}", "an expired card", "a refund larger than the captured amount",
    "a webhook endpoint that returns 500", "a payout in {cur}", "a merchant in read-only mode",
    "two requests with the same `Idempotency-Key`", "an invoice with zero amount",
    "a settlement file with an unknown line type", "a user without the finance role",
]
AC_ACT = [
    "they request an export", "the nightly job runs", "the acquirer times out",
    "the merchant opens the dashboard", "support searches by reference",
    "the job is retried", "the currency is switched", "the API is called",
]
AC_OUT = [
    "`{code}` is returned with status 409", "the row appears within {n} seconds",
    "no duplicate ledger entry is written", "{actor} get an email with the totals",
    "the result is paginated, {n} per page", "an audit event is recorded",
    "the amounts match the settlement file to the cent", "a clear error explains what to fix",
]
AC_PLAIN = [
    "{Obj} are listed with their status and amount in the merchant's currency",
    "The export contains one row per {obj_s} and opens in a spreadsheet without warnings",
    "`{code}` is documented in the API reference with an example",
    "A dashboard panel shows {metric} for this flow",
    "Retries stop after {n} attempts and the failure is visible to support",
    "The change is behind a flag that can be turned on per merchant",
]
QUESTION = [
    "Do we need to support {obj} in {cur} from day one?",
    "Who owns the alerting for {svc} after launch?",
    "Is a {n}-day retention enough for {actor}?",
    "Should {obj} be visible to read-only users?",
    "Can we reuse `{code}` or do we need a new field?",
    "Does legal need to review the wording shown to {actor}?",
    "What happens to {obj} created before the migration?",
    "Is {tech} acceptable for {team}?",
]
ANSWER = [
    "yes, behind a flag", "no, later", "{person} confirmed it is fine",
    "agreed in the session", "see the decision linked below",
    "{team} will handle it", "not needed for the first slice",
]
FOLLOWUP = [
    "Split {ref} into a read and a write part",
    "Write the acceptance criteria for {ref}",
    "Ask {team} about the rollout window for {ref}",
    "Draft a decision record for the {tech} question raised on {ref}",
    "Estimate {ref} with the people who know {svc}",
    "Check with {actor} whether {ref} solves their case",
]


def cap(s):
    return s[:1].upper() + s[1:]


def singular(obj):
    for plural, one in (("entries", "entry"), ("ies", "y")):
        if obj.endswith(plural):
            return obj[: -len(plural)] + one
    if obj.endswith("es") and obj[-3:-2] in "sx":
        return obj[:-2]
    return obj[:-1] if obj.endswith("s") else obj


class Words:
    """Fills sentence templates from the vocabulary with one rng."""

    def __init__(self, rng):
        self.r = rng

    def fill(self, template, **extra):
        r = self.r
        c = r.choice
        if "{" not in template:
            return template
        svc = c(SERVICES)
        actor = c(ACTORS)
        obj = c(OBJECTS)
        team = c(TEAMS)
        vals = {
            "svc": svc, "Svc": cap(svc), "svc2": c(SERVICES),
            "actor": actor, "Actor": cap(actor),
            "obj": obj, "Obj": cap(obj), "obj_s": singular(obj),
            "problem": c(PROBLEMS), "metric": c(METRICS),
            "team": team, "Team": cap(team), "team2": c(TEAMS),
            "code": c(CODE), "tech": c(TECH), "purpose": c(PURPOSES),
            "cur": c(CURRENCIES), "adj": c(ADJ), "person": "@" + c(HANDLES),
            "n": r.choice((2, 3, 5, 7, 10, 12, 15, 20, 30, 45, 60, 90, 120, 500)),
            "m": r.randint(2, 40), "pct": r.randint(3, 40),
        }
        vals.update(extra)
        return template.format(**vals)

    def sentence(self, pool, **extra):
        return self.fill(self.r.choice(pool), **extra)

    def paragraph(self, pool, lo, hi, **extra):
        k = self.r.randint(lo, hi)
        picked = self.r.sample(pool, min(k, len(pool)))
        return " ".join(self.fill(t, **extra) for t in picked)


# --------------------------------------------------------------------------
# Helpers


def slugify(title, limit=60):
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "untitled"


def yaml_list(values):
    return "[" + ", ".join(values) + "]"


def yaml_block(key, values):
    return key + ":\n" + "".join("  - %s\n" % v for v in values)


def pick_weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


START = dt.datetime(2023, 11, 6, 9, 0, tzinfo=dt.timezone.utc)
END = dt.datetime(2026, 10, 30, 17, 0, tzinfo=dt.timezone.utc)
READY_FRESH_DAYS = 90  # an item still ready at END became ready (again) at most this long ago
SPAN = (END - START).total_seconds()
DAY = 86400.0


def ts_at(frac):
    """Epoch seconds at a fraction of the three-year span."""
    return START.timestamp() + max(0.0, min(1.0, frac)) * SPAN


def date_of(ts):
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%d")


ITEM_OK_DEP = ("ready", "in-progress", "done")
ITEM_LATE = ("ready", "in-progress", "done")


# --------------------------------------------------------------------------
# Model


class Rec:
    __slots__ = ("kind", "n", "id", "title", "slug", "path", "status", "fields",
                 "created", "path_statuses", "body")

    def __init__(self, kind, n):
        self.kind = kind
        self.n = n
        self.fields = {}
        self.path_statuses = []  # [(epoch, status)], first one is the status on creation
        self.body = None


def item_title(rng, typ):
    if typ == "epic":
        base = rng.choice(EPIC_NAMES)
        return base + rng.choice(["", "", ": phase 2", ": first slice", ": cleanup"])
    if typ == "bug":
        obj = rng.choice(OBJECTS)
        return cap(obj) + " " + rng.choice(PROBLEMS) + " " + rng.choice(BUG_SUFFIX)
    if typ == "task":
        return rng.choice(TASK_VERBS) + " " + rng.choice(TASK_THINGS)
    if typ == "spike":
        return rng.choice(SPIKE_VERBS) + " " + rng.choice(TECH) + " for " + rng.choice(PURPOSES)
    t = rng.choice(ACTIONS) + " " + rng.choice(OBJECTS)
    suf = rng.choice(SUFFIXES)
    return t + (" " + suf if suf else "")


def build_model(n_items, seed):
    rng = random.Random("structure:%d:%d" % (seed, n_items))
    n_dec = max(1, n_items // 4)
    n_ses = max(1, n_items // 20)

    # ---- decisions: dates ascending with the number
    decisions = []
    for k in range(1, n_dec + 1):
        d = Rec("decision", k)
        d.id = "ADR-%04d" % k
        verb = rng.choice(DEC_VERBS)
        d.title = "%s %s for %s" % (verb, rng.choice(TECH), rng.choice(PURPOSES))
        d.slug = slugify(d.title)
        d.path = "decisions/%s-%s.md" % (d.id, d.slug)
        frac = (k - 0.5 + rng.uniform(-0.3, 0.3)) / n_dec
        d.created = ts_at(frac) - rng.uniform(2, 12) * DAY  # proposed before decided
        d.fields["date_ts"] = ts_at(frac)
        d.status = None
        decisions.append(d)
    for d in decisions:  # keep the decision date after creation and before END
        d.created = max(START.timestamp(), min(d.created, d.fields["date_ts"] - DAY))

    # supersession chains: successors always have higher numbers (no cycles)
    in_chain = set()
    n_chains = max(0, n_dec // 28)
    for _ in range(n_chains):
        for _attempt in range(20):
            length = 3 if rng.random() < 0.3 else 2
            a = rng.randint(1, max(1, n_dec - 40))
            chain = [a]
            while len(chain) < length:
                nxt = chain[-1] + rng.randint(3, 60)
                chain.append(nxt)
            if chain[-1] > int(n_dec * 0.93) or any(c in in_chain for c in chain):
                continue
            in_chain.update(chain)
            for i, c in enumerate(chain):
                dc = decisions[c - 1]
                if i > 0:
                    dc.fields["supersedes"] = [decisions[chain[i - 1] - 1].id]
                if i < len(chain) - 1:
                    dc.status = "superseded"
                    dc.fields["superseded_at"] = decisions[chain[i + 1] - 1].fields["date_ts"]
                else:
                    dc.status = "accepted"
            break
    for d in decisions:
        if d.status is not None:
            continue
        recent = d.n > n_dec * 0.94
        d.status = pick_weighted(rng, [
            ("accepted", 70), ("proposed", 55 if recent else 1),
            ("rejected", 6), ("deprecated", 3 if not recent else 0),
        ])
    for d in decisions:
        date_ts = d.fields["date_ts"]
        if d.status == "proposed":
            d.path_statuses = [(d.created, "proposed")]
        elif d.status == "accepted":
            d.path_statuses = [(d.created, "proposed"), (date_ts, "accepted")]
        elif d.status == "rejected":
            d.path_statuses = [(d.created, "proposed"), (date_ts, "rejected")]
        elif d.status == "superseded":
            d.path_statuses = [(d.created, "proposed"), (date_ts, "accepted"),
                               (d.fields["superseded_at"] + 60, "superseded")]
        elif d.status == "deprecated":
            later = date_ts + rng.uniform(60, 400) * DAY
            later = min(later, END.timestamp() - DAY)
            d.path_statuses = [(d.created, "proposed"), (date_ts, "accepted")]
            if later > date_ts:
                d.path_statuses.append((later, "deprecated"))
            else:
                d.path_statuses[-1] = (date_ts, "deprecated")
        d.fields["date"] = date_of(date_ts)
        people = rng.sample(HANDLES, 8)
        d.fields["deciders"] = people[: rng.randint(1, 3)]
        d.fields["consulted"] = people[3: 3 + rng.randint(0, 3)]
        d.fields["informed"] = people[6: 6 + rng.randint(0, 2)]
        d.fields["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    accepted = [d for d in decisions if d.status == "accepted"]
    proposed = [d for d in decisions if d.status == "proposed"]

    # ---- items: creation time ascending with the number
    items = []
    epics = []  # epics that can be parents (not dropped)
    eligible_deps = []  # items whose final status is ready/in-progress/done (not epics)
    for k in range(1, n_items + 1):
        it = Rec("item", k)
        it.id = "PAY-%d" % k
        f = (k - 0.5) / n_items
        it.created = ts_at(f * 0.985 + rng.uniform(-0.002, 0.002))
        typ = pick_weighted(rng, [("story", 62), ("bug", 15), ("task", 12), ("spike", 7), ("epic", 4)])
        status = pick_weighted(rng, [
            ("done", 50 * (1 - f)), ("dropped", 7), ("in-progress", 8),
            ("ready", 32), ("refining", 8 + 16 * f), ("draft", 4 + 22 * f),
        ])
        if typ == "spike" and status == "ready":
            status = "in-progress" if rng.random() < 0.5 else "refining"
        it.status = status
        it.title = item_title(rng, typ)
        it.slug = slugify(it.title)
        it.path = "items/%s-%s.md" % (it.id, it.slug)
        fl = it.fields
        fl["type"] = typ
        late = status in ITEM_LATE
        if typ == "epic":
            fl["estimate"] = rng.choice((8, 13))
        elif status != "draft" or rng.random() < 0.6:
            fl["estimate"] = pick_weighted(rng, [(1, 10), (2, 20), (3, 25), (5, 25), (8, 14), (13, 6)])
        fl["owner"] = rng.choice(HANDLES)
        if typ == "spike":
            fl["timebox"] = rng.choice(("1d", "2d", "3d", "5d", "1w"))
        if typ != "epic" and epics and rng.random() < 0.45:
            fl["parent"] = rng.choice(epics[-8:]).id
        # dependencies: lower numbers only, on items that are ready or further
        nd = pick_weighted(rng, [(0, 45), (1, 30), (2, 17), (3, 8)])
        if typ != "epic" and nd and eligible_deps:
            window = eligible_deps[-300:]
            fl["depends_on"] = sorted({rng.choice(window).n for _ in range(nd)})
        # decisions: accepted ones (final status) that existed by then; proposed sometimes
        ndec = pick_weighted(rng, [(0, 50), (1, 35), (2, 15)])
        if ndec:
            known = [d for d in accepted[: max(1, int(len(accepted) * min(1.0, f + 0.02)))]]
            chosen = []
            for _ in range(ndec):
                if not late and proposed and rng.random() < 0.15:
                    chosen.append(rng.choice(proposed))
                elif known:
                    chosen.append(rng.choice(known[-200:]))
            ids = sorted({d.n for d in chosen})
            if ids:
                fl["decisions"] = ids
        fl["tags"] = rng.sample(TAGS, pick_weighted(rng, [(1, 40), (2, 40), (3, 20)]))
        if rng.random() < 0.4:
            if late:
                fl["confidence"] = rng.choice(("medium", "high", "high"))
            elif status != "dropped":
                fl["confidence"] = rng.choice(("low", "medium"))
        items.append(it)
        if typ == "epic" and status != "dropped":
            epics.append(it)
        if status in ITEM_OK_DEP and typ != "epic":
            eligible_deps.append(it)

    # status path through time
    end_ts = END.timestamp() - 3600
    for it in items:
        s = it.status
        r = rng.random()
        if s == "draft":
            path = ["draft"]
        elif s == "refining":
            path = ["draft", "refining"] if r < 0.7 else ["refining"]
        elif s == "dropped":
            path = ["draft", "dropped"] if r < 0.5 else ["draft", "refining", "dropped"]
        else:
            path = ["draft", "refining", "ready"] if r < 0.75 else ["refining", "ready"]
            if rng.random() < 0.15:
                path += ["refining", "ready"]
            if s in ("in-progress", "done"):
                path.append("in-progress")
            if s == "done":
                path.append("done")
        gaps = [rng.uniform(1, 35) * DAY for _ in path[1:]]
        room = end_ts - it.created
        total = sum(gaps)
        if total > room * 0.95 and total > 0:
            gaps = [g * room * 0.95 / total for g in gaps]
        t = it.created
        it.path_statuses = [(t, path[0])]
        for g, st in zip(gaps, path[1:]):
            t += max(g, 60)
            it.path_statuses.append((t, st))
        if s == "ready" and t < end_ts - READY_FRESH_DAYS * DAY:
            # long-lived ready items were looked at again lately: back to refining, ready again
            back = end_ts - rng.uniform(10, READY_FRESH_DAYS - 5) * DAY
            it.path_statuses.append((back, "refining"))
            it.path_statuses.append((back + rng.uniform(1, 5) * DAY, "ready"))

    # priority: unique rank, active and ready work on top
    base = {"in-progress": 0.0, "ready": 1.0, "refining": 2.0, "draft": 3.0, "done": 4.5, "dropped": 5.5}
    order = sorted(items, key=lambda i: (base[i.status] + rng.gauss(0, 0.8), i.n))
    for rank, it in enumerate(order, 1):
        it.fields["priority"] = rank

    # decisions serve items that existed by their date
    for d in decisions:
        k = rng.choice((0, 1, 1, 2, 2, 3))
        hi = max(1, min(n_items, int(n_items * (d.n / n_dec))))
        lo = max(1, hi - 400)
        if k:
            d.fields["items"] = sorted({rng.randint(lo, hi) for _ in range(k)})

    # ---- sessions
    sessions = []
    for k in range(1, n_ses + 1):
        s = Rec("session", k)
        s.id = "S-%d" % k
        frac = (k - 0.5) / n_ses
        ts = ts_at(frac * 0.99)
        day = dt.datetime.fromtimestamp(ts, dt.timezone.utc)
        # sessions happen on weekdays at 10:00
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        day = day.replace(hour=10, minute=0, second=0)
        s.created = day.timestamp() + rng.uniform(2, 6) * 3600
        date = day.strftime("%Y-%m-%d")
        s.fields["date"] = date
        s.title = "Payments refinement %s" % date
        s.slug = "refinement-%d" % k
        s.path = "sessions/%s-refinement-%d.md" % (date, k)
        s.status = None
        fac = FACILITATORS[(k - 1) % len(FACILITATORS)]
        others = [h for h in HANDLES if h != fac]
        parts = [fac] + rng.sample(others, rng.randint(3, 7))
        s.fields["facilitator"] = fac
        s.fields["participants"] = parts
        s.fields["first_proposal"] = rng.choice(parts[1:])
        s.fields["duration"] = rng.choice((30, 45, 45, 60, 60, 60, 75, 90))
        hi = max(1, min(n_items, int(n_items * frac)))
        lo = max(1, hi - max(20, n_items // 40))
        want = rng.randint(3, 8)
        pool = list(range(lo, hi + 1))
        chosen = rng.sample(pool, min(want, len(pool)))
        while len(chosen) < 3 and len(chosen) < n_items:
            c = rng.randint(1, n_items)
            if c not in chosen:
                chosen.append(c)
        s.fields["items"] = sorted(chosen)
        nd = rng.choice((0, 0, 1, 1, 2))
        near = [d for d in decisions if abs(d.fields["date_ts"] - ts) < 20 * DAY
                and d.status in ("accepted", "proposed")]
        if nd and near:
            s.fields["decisions"] = sorted({rng.choice(near).n for _ in range(nd)})
        s.path_statuses = [(s.created, None)]
        sessions.append(s)

    return items, decisions, sessions


# --------------------------------------------------------------------------
# Rendering


class Renderer:
    def __init__(self, items, decisions, sessions, seed):
        self.items = items
        self.decisions = decisions
        self.sessions = sessions
        self.seed = seed
        self.accepted = [d for d in decisions if d.status == "accepted"]

    # ---- references
    def item_ref(self, rng, it_n, style=None):
        it = self.items[it_n - 1]
        style = style or rng.choice(("wiki", "bare", "link", "link-title"))
        return self._ref(it, style, "items")

    def dec_ref(self, rng, d, style=None, from_dir="items"):
        style = style or rng.choice(("wiki", "bare", "link", "link-title"))
        return self._ref(d, style, from_dir)

    @staticmethod
    def _ref(rec, style, from_dir):
        if style == "wiki":
            return "[[%s]]" % rec.id
        if style == "bare":
            return rec.id
        folder = rec.path.split("/", 1)[0]
        target = rec.path.split("/", 1)[1] if folder == from_dir else "../" + rec.path
        text = rec.id if style == "link" else rec.title
        return "[%s](%s)" % (text, target)

    def code_block(self, rng, w):
        kind = rng.randrange(5)
        n = rng.randint(100, 99999)
        hx = "%012x" % rng.getrandbits(48)
        if kind == 0:
            return ("```json\n{\n  \"id\": \"re_%s\",\n  \"amount_minor\": %d,\n  \"currency\": \"%s\",\n"
                    "  \"status\": \"pending\",\n  \"created_at\": \"2024-03-0%dT10:15:00Z\"\n}\n```"
                    % (hx, n, rng.choice(CURRENCIES), rng.randint(1, 9)))
        if kind == 1:
            return ("```sql\nSELECT merchant_id, currency, sum(amount_minor) AS total\n"
                    "FROM ledger_entries\nWHERE created_at >= now() - interval '%d days'\n"
                    "GROUP BY merchant_id, currency\nHAVING sum(amount_minor) <> 0;\n```" % rng.randint(1, 90))
        if kind == 2:
            return ("```http\nPOST /v1/refunds HTTP/1.1\nIdempotency-Key: %s\nContent-Type: application/json\n\n"
                    "{\"payment_intent_id\": \"pi_%s\", \"amount_minor\": %d}\n```" % (hx, hx[::-1], n))
        if kind == 3:
            return ("```yaml\nretry:\n  max_attempts: %d\n  backoff: exponential\n  initial_delay: %ds\n"
                    "alerts:\n  channel: '#payments-oncall'\n```" % (rng.randint(3, 12), rng.randint(1, 30)))
        return ("```rust\nfn settle(batch: &SettlementBatch) -> Result<Receipt, SettleError> {\n"
                "    let total = batch.entries.iter().map(|e| e.amount_minor).sum::<i64>();\n"
                "    ensure!(total == batch.expected_minor, SettleError::Mismatch { total });\n"
                "    Ok(Receipt::new(batch.id, total))\n}\n```")

    def table(self, rng, w):
        rows = ["| Case | Today | Expected |", "|---|---|---|"]
        for _ in range(rng.randint(3, 5)):
            rows.append("| %s in %s | %s | %s |" % (
                cap(rng.choice(OBJECTS)), rng.choice(CURRENCIES), rng.choice(PROBLEMS),
                w.fill(rng.choice(AC_OUT))))
        return "\n".join(rows)

    # ---- items
    def item_body(self, it):
        rng = random.Random("item:%d:%d" % (self.seed, it.n))
        w = Words(rng)
        fl = it.fields
        late = it.status in ITEM_LATE
        out = []
        out.append("## Why\n")
        for _ in range(rng.choice((2, 3, 3))):
            out.append(w.paragraph(WHY, 3, 6) + "\n")
        if rng.random() < 0.3:
            out.append("> %s\n" % w.sentence(NOTE))
        has_ac = late or it.status == "dropped" or rng.random() < 0.85
        if has_ac:
            out.append("## Acceptance criteria\n")
            box = "x" if it.status == "done" else " "
            for _ in range(rng.randint(3, 6)):
                if rng.random() < 0.6:
                    line = "Given %s, when %s, then %s." % (
                        w.sentence(AC_PRE), w.sentence(AC_ACT), w.sentence(AC_OUT))
                else:
                    line = w.sentence(AC_PLAIN) + "."
                out.append("- [%s] %s" % (box, line))
            out.append("")
        out.append("## Risks\n")
        if rng.random() < 0.5:
            for _ in range(rng.randint(2, 4)):
                out.append("- **%s**: %s" % (cap(rng.choice(("data", "rollout", "performance", "dependency",
                                                             "compliance", "support load"))), w.sentence(RISK)))
            out.append("")
        else:
            out.append(w.paragraph(RISK, 2, 4) + "\n")
        out.append("## Open questions\n")
        nq = rng.randint(2, 4)
        n_open = 0
        if not late and it.status != "dropped":
            n_open = rng.choice((0, 1, 1, 2)) if it.status in ("draft", "refining") else 0
        for q in range(nq):
            if q < n_open:
                out.append("- [ ] %s @%s" % (w.sentence(QUESTION), rng.choice(HANDLES)))
            else:
                out.append("- [x] %s %s." % (w.sentence(QUESTION), cap(w.sentence(ANSWER))))
        out.append("")
        if rng.random() < 0.15:
            out.append("## Out of scope\n")
            for _ in range(rng.randint(1, 3)):
                out.append("- %s %s" % (cap(rng.choice(OBJECTS)), rng.choice(SUFFIXES[:-3])))
            out.append("")
        out.append("## Notes\n")
        notes = []
        for dn in fl.get("decisions", []):
            d = self.decisions[dn - 1]
            notes.append("This follows %s, which settled how we approach %s." % (
                self.dec_ref(rng, d), rng.choice(PURPOSES)))
        for dep in fl.get("depends_on", []):
            note = w.sentence(NOTE)
            notes.append("%s %s; %s" % (rng.choice(("Depends on", "Needs", "Builds on")),
                                        self.item_ref(rng, dep), note[0].lower() + note[1:]))
        # a few references to other records in prose
        for _ in range(rng.randint(1, 3)):
            other = max(1, it.n - rng.randint(1, 200))
            notes.append("%s %s." % (rng.choice(("See", "Compare with", "Related:", "Similar to", "Came up in")),
                                     self.item_ref(rng, other)))
        if self.accepted and rng.random() < 0.6:
            d = rng.choice(self.accepted)
            notes.append("Background on %s is in %s." % (rng.choice(PURPOSES), self.dec_ref(rng, d)))
        for _ in range(rng.randint(3, 5)):
            notes.append(w.sentence(NOTE))
        rng.shuffle(notes)
        # emphasis and inline code sprinkled in
        notes.append("Use `%s` rather than *guessing* from `%s`; **do not** log it." % (rng.choice(CODE), rng.choice(CODE)))
        out.append(" ".join(notes[: len(notes) // 2 + 1]) + "\n")
        if len(notes) > 2:
            out.append(" ".join(notes[len(notes) // 2 + 1:]) + "\n")
        if rng.random() < 0.3:
            out.append("For example:\n\n" + self.code_block(rng, w) + "\n")
        if rng.random() < 0.12:
            out.append(self.table(rng, w) + "\n")
        return "\n".join(out)

    def item_front(self, it, status):
        fl = it.fields
        lines = ["---", "id: %s" % it.id, "title: %s" % yaml_str(it.title),
                 "type: %s" % fl["type"], "status: %s" % status, "priority: %d" % fl["priority"]]
        if "estimate" in fl:
            lines.append("estimate: %d" % fl["estimate"])
        if "timebox" in fl:
            lines.append("timebox: %s" % fl["timebox"])
        lines.append("owner: %s" % fl["owner"])
        if "parent" in fl:
            lines.append("parent: %s" % fl["parent"])
        if "depends_on" in fl:
            lines.append("depends_on: %s" % yaml_list("PAY-%d" % x for x in fl["depends_on"]))
        if "decisions" in fl:
            lines.append("decisions: %s" % yaml_list(self.decisions[x - 1].id for x in fl["decisions"]))
        if it.n % 3 == 0:
            lines.append(yaml_block("tags", fl["tags"]).rstrip("\n"))
        else:
            lines.append("tags: %s" % yaml_list(fl["tags"]))
        if "confidence" in fl:
            lines.append("confidence: %s" % fl["confidence"])
        lines.append("---\n")
        return "\n".join(lines)

    # ---- decisions
    def decision_body(self, d):
        rng = random.Random("decision:%d:%d" % (self.seed, d.n))
        w = Words(rng)
        fl = d.fields
        out = ["## Context\n"]
        for _ in range(rng.choice((3, 3, 4))):
            out.append(w.paragraph(CONTEXT, 3, 5) + "\n")
        if "supersedes" in fl:
            prev = next(x for x in self.decisions if x.id == fl["supersedes"][0])
            out.append("This revisits %s (%s): %s\n" % (
                self.dec_ref(rng, prev, rng.choice(("wiki", "link")), "decisions"), prev.title,
                w.sentence(CONTEXT)))
        if fl.get("items"):
            refs = ", ".join(self._ref(self.items[i - 1], rng.choice(("wiki", "bare", "link")), "decisions")
                             for i in fl["items"])
            out.append("The items that raised it: %s.\n" % refs)
        out.append("## Options considered\n")
        nopt = rng.randint(2, 4)
        techs = rng.sample(TECH, nopt)
        for i, t in enumerate(techs, 1):
            out.append("### Option %d: %s\n" % (i, cap(t)))
            out.append(w.paragraph(CONTEXT + NOTE, 2, 3) + "\n")
            for p in rng.sample(OPTION_PRO, rng.randint(1, 3)):
                out.append("- Good: %s" % w.fill(p))
            for c in rng.sample(OPTION_CON, rng.randint(1, 3)):
                out.append("- Bad: %s" % w.fill(c))
            out.append("")
        out.append("## Decision\n")
        out.append("We chose **option %d**. %s\n" % (rng.randint(1, nopt), w.paragraph(DECISION, 3, 5, tech=techs[0])))
        if rng.random() < 0.25:
            out.append(self.code_block(rng, w) + "\n")
        out.append("## Consequences\n")
        for _ in range(rng.randint(4, 7)):
            out.append("- %s" % w.sentence(CONSEQ, tech=techs[0]))
        out.append("")
        if self.accepted and rng.random() < 0.5:
            other = rng.choice(self.accepted)
            if other is not d:
                out.append("See also %s.\n" % self.dec_ref(rng, other, None, "decisions"))
        return "\n".join(out)

    def decision_front(self, d, status):
        fl = d.fields
        lines = ["---", "id: %s" % d.id, "title: %s" % yaml_str(d.title), "status: %s" % status,
                 "date: %s" % fl["date"], "deciders: %s" % yaml_list(fl["deciders"])]
        if fl["consulted"]:
            lines.append("consulted: %s" % yaml_list(fl["consulted"]))
        if fl["informed"]:
            lines.append("informed: %s" % yaml_list(fl["informed"]))
        if "supersedes" in fl:
            lines.append("supersedes: %s" % yaml_list(fl["supersedes"]))
        if fl.get("items"):
            lines.append("items: %s" % yaml_list("PAY-%d" % x for x in fl["items"]))
        lines.append("tags: %s" % yaml_list(fl["tags"]))
        lines.append("---\n")
        return "\n".join(lines)

    # ---- sessions
    def session_body(self, s):
        rng = random.Random("session:%d:%d" % (self.seed, s.n))
        w = Words(rng)
        fl = s.fields
        out = [w.paragraph(SESSION_NOTE, 2, 4) + "\n", "## Items discussed\n"]
        for i in fl["items"]:
            it = self.items[i - 1]
            out.append("### %s %s\n" % (it.id, it.title))
            out.append("%s %s\n" % (w.paragraph(NOTE + WHY, 2, 4),
                                    rng.choice(("Estimate agreed.", "Needs another look.", "Moved forward.",
                                                "Split suggested by @%s." % rng.choice(fl["participants"])))))
        if fl.get("decisions"):
            out.append("## Decisions\n")
            for dn in fl["decisions"]:
                d = self.decisions[dn - 1]
                out.append("- %s: %s" % (self.dec_ref(rng, d, None, "sessions"), d.title))
            out.append("")
        out.append("## Follow-ups\n")
        for _ in range(rng.randint(2, 5)):
            ref = "[[%s]]" % self.items[rng.choice(fl["items"]) - 1].id
            box = "x" if rng.random() < 0.3 else " "
            out.append("- [%s] %s @%s" % (box, w.sentence(FOLLOWUP, ref=ref), rng.choice(fl["participants"])))
        out.append("")
        return "\n".join(out)

    def session_front(self, s, _status=None):
        fl = s.fields
        lines = ["---", "id: %s" % s.id, "title: %s" % yaml_str(s.title), "date: %s" % fl["date"],
                 "facilitator: %s" % fl["facilitator"],
                 yaml_block("participants", fl["participants"]).rstrip("\n"),
                 "first_proposal: %s" % fl["first_proposal"],
                 "items: %s" % yaml_list("PAY-%d" % x for x in fl["items"])]
        if fl.get("decisions"):
            lines.append("decisions: %s" % yaml_list(self.decisions[x - 1].id for x in fl["decisions"]))
        lines.append("duration: %d" % fl["duration"])
        lines.append("---\n")
        return "\n".join(lines)

    def render(self, rec, status):
        if rec.body is None:
            if rec.kind == "item":
                rec.body = self.item_body(rec)
            elif rec.kind == "decision":
                rec.body = self.decision_body(rec)
            else:
                rec.body = self.session_body(rec)
        if rec.kind == "item":
            front = self.item_front(rec, status)
        elif rec.kind == "decision":
            front = self.decision_front(rec, status)
        else:
            front = self.session_front(rec)
        return (front + "\n" + rec.body).encode("utf-8")


def yaml_str(s):
    """A YAML scalar for a title: plain when safe, double-quoted otherwise."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ,.\-()/']*", s) and not s.endswith(" "):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


CONFIG = b"title: Generated benchmark repository\n"


# --------------------------------------------------------------------------
# Git history


def git_env():
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("GIT_"):
            del env[k]
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Benchmark Generator",
        "GIT_AUTHOR_EMAIL": "generator@example.com",
        "GIT_AUTHOR_DATE": "%d +0000" % int(END.timestamp()),
        "GIT_COMMITTER_NAME": "Benchmark Generator",
        "GIT_COMMITTER_EMAIL": "generator@example.com",
        "GIT_COMMITTER_DATE": "%d +0000" % int(END.timestamp()),
        "LC_ALL": "C",
    })
    return env


def who(handle):
    _, name, tz = PERSON[handle]
    return "%s <%s@example.com>" % (name, handle)


def write_history(out_dir, records, renderer, commits, seed):
    rng = random.Random("git:%d:%d" % (seed, commits))
    env = git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", out_dir], check=True, env=env)

    # every record: add event at its creation, then one event per status change
    adds = sorted(records, key=lambda r: (r.path_statuses[0][0], r.kind, r.n))
    cut = len(adds) // 3
    t0 = adds[cut - 1].path_statuses[0][0] if cut else START.timestamp()
    initial = adds[:cut]
    events = []  # (time, order, kind, rec, status)
    for rec in adds[cut:]:
        events.append((rec.path_statuses[0][0], 0, "add", rec, rec.path_statuses[0][1]))
    for rec in records:
        for t, st in rec.path_statuses[1:]:
            if t > t0:
                events.append((t, 1, "status", rec, st))
    # a status change always follows its record's creation, so it sorts after the add
    events.sort(key=lambda e: (e[0], e[1], e[3].kind, e[3].n))

    state = {}  # path -> status currently committed

    def status_at(rec, t):
        cur = rec.path_statuses[0][1]
        for tt, st in rec.path_statuses:
            if tt <= t:
                cur = st
        return cur

    # windows: each yields an "add" commit and/or a "status" commit
    target = max(1, commits - 1)

    def windows(w):
        if not events:
            return []
        size = max(1, -(-len(events) // w))
        return [events[i:i + size] for i in range(0, len(events), size)]

    w = target
    for _ in range(8):
        groups = windows(w)
        produced = sum((any(e[2] == "add" for e in g)) + (any(e[2] == "status" for e in g)) for g in groups)
        if produced == 0 or abs(produced - target) <= max(1, target // 50):
            break
        w = max(1, int(round(w * target / produced)))
    groups = windows(w)

    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out_dir, stdin=subprocess.PIPE,
                            env=env)
    stream = proc.stdin
    mark = [0]
    last_ts = [0]

    def commit(ts, author, message, changes):
        ts = int(max(ts, last_ts[0] + 1))
        last_ts[0] = ts
        tz = PERSON[author][2]
        msg = message.encode("utf-8")
        buf = [b"commit refs/heads/main\n",
               ("author %s %d %s\n" % (who(author), ts, tz)).encode(),
               ("committer %s %d %s\n" % (who(author), ts, tz)).encode(),
               b"data %d\n" % len(msg), msg, b"\n"]
        for path, data in changes:
            buf.append(b"M 100644 inline " + path.encode() + b"\n")
            buf.append(b"data %d\n" % len(data))
            buf.append(data)
            buf.append(b"\n")
        stream.write(b"".join(buf))

    # initial import
    changes = [("shoshin.yaml", CONFIG)]
    for rec in initial:
        st = status_at(rec, t0)
        state[rec.path] = st
        changes.append((rec.path, renderer.render(rec, st)))
    n_commits = 0
    commit(t0, "dana", "Import refinement records from the wiki\n\n%d records moved into the repository.\n"
           % len(initial), changes)
    n_commits += 1

    for g in groups:
        added = [e for e in g if e[2] == "add"]
        moved = [e for e in g if e[2] == "status"]
        if added:
            ch = []
            for _t, _o, _k, rec, st in added:
                state[rec.path] = st
                ch.append((rec.path, renderer.render(rec, st)))
            kinds = {}
            for e in added:
                kinds[e[3].kind] = kinds.get(e[3].kind, 0) + 1
            what = ", ".join("%d %s%s" % (c, k, "s" if c != 1 else "") for k, c in sorted(kinds.items()))
            ids = [e[3].id for e in added]
            subj = ("Add %s" % ids[0]) if len(ids) == 1 else ("Add %s" % what)
            body = "\n".join("- %s %s" % (e[3].id, e[3].title) for e in added[:40])
            owner = added[0][3].fields.get("owner") or added[0][3].fields.get("facilitator") \
                or added[0][3].fields.get("deciders", [rng.choice(HANDLES)])[0]
            author = owner if rng.random() < 0.7 else rng.choice(HANDLES)
            commit(added[-1][0], author, "%s\n\n%s\n" % (subj, body), ch)
            n_commits += 1
        if moved:
            final = {}
            for _t, _o, _k, rec, st in moved:
                final[rec.path] = (rec, st)
            ch = []
            lines = []
            for path, (rec, st) in final.items():
                if state.get(path) == st or path not in state:
                    continue
                lines.append("%s: %s -> %s" % (rec.id, state[path], st))
                state[path] = st
                ch.append((path, renderer.render(rec, st)))
            if ch:
                first = final[next(iter(final))][0]
                owner = first.fields.get("owner") or (first.fields.get("deciders") or [rng.choice(HANDLES)])[0]
                author = owner if rng.random() < 0.6 else rng.choice(HANDLES)
                subj = lines[0] if len(lines) == 1 else "Update status of %d records" % len(lines)
                commit(moved[-1][0] + 120, author, "%s\n\n%s\n" % (subj, "\n".join(lines)), ch)
                n_commits += 1

    # make sure the final tree equals the files on disk
    ch = []
    for rec in records:
        if state.get(rec.path) != rec.status:
            state[rec.path] = rec.status
            ch.append((rec.path, renderer.render(rec, rec.status)))
    if ch:
        commit(END.timestamp(), "dana", "Sync statuses\n", ch)
        n_commits += 1
    stream.write(b"done\n")
    stream.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    # Pack as `git gc` and every git server do (older versions stored as
    # deltas of newer ones), not as fast-import left it: a clone looks so.
    subprocess.run(["git", "repack", "-q", "-a", "-d", "-f"], cwd=out_dir, check=True, env=env)
    # index matches the files already on disk
    subprocess.run(["git", "reset", "-q"], cwd=out_dir, check=True, env=env)
    return n_commits


# --------------------------------------------------------------------------
# Main


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a synthetic shoshin records repository.")
    ap.add_argument("out_dir")
    ap.add_argument("--items", type=int, required=True, help="number of items (decisions: N/4, sessions: N/20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--git", type=int, metavar="COMMITS", default=None,
                    help="make OUT_DIR a git repository with about COMMITS commits of history")
    ap.add_argument("--force", action="store_true", help="replace generated content if OUT_DIR is not empty")
    args = ap.parse_args(argv)
    if args.items < 1:
        ap.error("--items must be at least 1")
    if args.git is not None and args.git < 1:
        ap.error("--git must be at least 1")
    if args.git is not None and shutil.which("git") is None:
        ap.error("--git needs the git command on PATH")

    started = time.monotonic()
    out = args.out_dir
    if os.path.isdir(out) and os.listdir(out):
        if not args.force:
            print("generate.py: %s is not empty (use --force to replace it)" % out, file=sys.stderr)
            return 2
        for name in ("items", "decisions", "sessions", ".git"):
            shutil.rmtree(os.path.join(out, name), ignore_errors=True)
        if os.path.exists(os.path.join(out, "shoshin.yaml")):
            os.remove(os.path.join(out, "shoshin.yaml"))
    for sub in ("items", "decisions", "sessions"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)

    items, decisions, sessions = build_model(args.items, args.seed)
    renderer = Renderer(items, decisions, sessions, args.seed)
    records = items + decisions + sessions
    md_bytes = 0
    with open(os.path.join(out, "shoshin.yaml"), "wb") as f:
        f.write(CONFIG)
    for rec in records:
        data = renderer.render(rec, rec.status)
        md_bytes += len(data)
        with open(os.path.join(out, rec.path), "wb") as f:
            f.write(data)
    gen_s = time.monotonic() - started

    git_note = ""
    if args.git is not None:
        t = time.monotonic()
        made = write_history(out, records, renderer, args.git, args.seed)
        git_note = ", git: %d commits in %.1f s" % (made, time.monotonic() - t)

    print("generate.py: %d files (%d items, %d decisions, %d sessions), %.1f MB Markdown (%d bytes) "
          "in %.1f s%s; total %.1f s"
          % (len(records) + 1, len(items), len(decisions), len(sessions), md_bytes / 1e6, md_bytes,
             gen_s, git_note, time.monotonic() - started), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
