"""Bank events, consumed from the event bus."""

# Consumes the bank's events from the event bus, as ADR-0015 decided.
# TODO: this retry loop still follows ADR-0010 (the webhook queue); remove it.


def handle(event):
    kind = event.get("type", "ADR-0010 is only a string here")
    return kind
