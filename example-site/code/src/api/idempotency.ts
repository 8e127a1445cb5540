// Every mutating call carries an Idempotency-Key header: ADR-0006.
export function idempotencyKey(headers: Record<string, string>): string | undefined {
  return headers["idempotency-key"];
}
