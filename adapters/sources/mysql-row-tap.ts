/**
 * The row packets of one mysql2 query as bytes, instead of one JS value per field.
 *
 * mysql2 (3.x, lib/commands/query.js) reads a result set as a chain of states: `readField` per
 * column definition, which emits `fields` once all are read; then `fieldsEOF`, which returns
 * `this.row` — the state for each row packet, looked up on the query object — and `row`, which
 * parses the packet with the generated row parser and returns itself until the EOF packet. So
 * a `row` of the query's own, installed when `fields` is emitted, takes every row packet before
 * it is parsed; the EOF packet, and with it the end of the command, is left to mysql2's `row`.
 * Everything else stays the driver's: the handshake, sequence ids, an error packet in the middle
 * of the rows (checked before any state runs, lib/commands/command.js), and `pause()`, which
 * queues packets and replays them through the same state.
 */
import type mysql from "mysql2";

/** A column definition as mysql2 gives it in the `fields` event (the parts used here). */
export interface RowTapField {
  name: string;
  /** mysql2's name for the result's character set: `utf8` for utf8mb3 and utf8mb4, `binary` for bytes. */
  encoding?: string;
  /** The protocol's column type (MYSQL_TYPE_*). */
  columnType: number;
  /** The collation id of the result's text; 63 is `binary`. */
  characterSet: number;
  /** MariaDB's extended metadata: `json` for a JSON column sent as text. */
  extendedFormat?: string;
}

/** A packet as mysql2's `Packet` holds it: the payload is `buffer[offset, end)`. */
interface Packet {
  buffer: Uint8Array;
  offset: number;
  end: number;
  isEOF(): boolean;
}

type State = (this: unknown, packet: Packet, connection: unknown) => unknown;

/**
 * Once the columns are known, `take` returns where each row's payload goes (or nothing, to leave
 * the rows to the driver's `result` events). A row function that throws ends the tap: the error
 * goes to `failed` and later rows are dropped unread, for the caller to close the connection.
 */
export function tapRowPackets(
  query: mysql.Query,
  take: (fields: RowTapField[]) => ((bytes: Uint8Array, start: number, end: number) => void) | undefined,
  failed: (error: unknown) => void,
): void {
  const q = query as unknown as { row?: State; on(event: "fields", f: (fields: RowTapField[]) => void): void };
  const driverRow = Object.getPrototypeOf(q).row as State | undefined;
  if (typeof driverRow !== "function") return;
  q.on("fields", (fields) => {
    const onRow = take(fields);
    if (!onRow) return;
    let broken = false;
    const row: State = function (this: unknown, packet, connection) {
      if (packet.isEOF()) return driverRow.call(this, packet, connection);
      if (!broken) {
        try {
          onRow(packet.buffer, packet.offset, packet.end);
        } catch (e) {
          broken = true;
          failed(e);
        }
      }
      return row;
    };
    q.row = row;
  });
}
