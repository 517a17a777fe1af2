import type { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Any } from '../generated/google/protobuf/any.js';

export interface MessageCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: Uint8Array, length?: number): T;
  fromPartial(object: never): T;
}

/** Packs a message into an Any. ts-proto writes fields in declaration order, so equal input gives equal bytes. */
export function packAny<T>(typeName: string, codec: Pick<MessageCodec<T>, 'encode'>, message: T): Any {
  return Any.fromPartial({ typeUrl: `type.googleapis.com/${typeName}`, value: Buffer.from(codec.encode(message).finish()) });
}
