import * as grpc from '@grpc/grpc-js';

/** What the gRPC echo answers (as JSON bytes): who answered, the method called, the metadata it got. */
export interface GrpcEchoReply {
  backend: string;
  method: string;
  metadata: Record<string, string>;
}

const raw = { serialize: (b: Buffer) => b, deserialize: (b: Buffer) => b };

/** A real gRPC server (HTTP/2 without TLS) on 127.0.0.1 answering any of `methods` with a GrpcEchoReply. */
export async function startGrpcEchoBackend(name: string, methods: readonly string[]): Promise<{ name: string; port: number; close(): Promise<void> }> {
  const server = new grpc.Server();
  const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const path of methods) {
    const key = path.replaceAll('/', '_');
    definition[key] = { path, requestStream: false, responseStream: false, requestSerialize: raw.serialize, requestDeserialize: raw.deserialize, responseSerialize: raw.serialize, responseDeserialize: raw.deserialize };
    handlers[key] = (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(call.metadata.getMap())) metadata[k] = String(v);
      callback(null, Buffer.from(JSON.stringify({ backend: name, method: path, metadata } satisfies GrpcEchoReply)));
    };
  }
  server.addService(definition, handlers);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return { name, port, close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

/** One unary call of `method` through `address` (host:port) with `authority` as :authority; the reply, or the gRPC status code. */
export function grpcCall(address: string, authority: string, method: string, metadata: Record<string, string> = {}): Promise<GrpcEchoReply | { code: number }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.default_authority': authority });
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadata)) md.set(k, v);
  return new Promise((resolve) => {
    client.makeUnaryRequest(method, raw.serialize, raw.deserialize, Buffer.from('{}'), md, { deadline: Date.now() + 5000 }, (err, value) => {
      client.close();
      resolve(err ? { code: err.code } : (JSON.parse(value!.toString()) as GrpcEchoReply));
    });
  });
}
