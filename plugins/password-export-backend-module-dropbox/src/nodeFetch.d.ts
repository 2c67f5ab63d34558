// Type declarations for the parts of node-fetch 2.7 that this package and
// its tests use; the package ships none.

declare module 'node-fetch' {
  import { Agent } from 'node:http';

  export interface Headers {
    get(name: string): string | null;
    has(name: string): boolean;
    forEach(callback: (value: string, name: string) => void): void;
  }

  export interface RequestInit {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer | Uint8Array | null;
    agent?: Agent | ((url: URL) => Agent);
    signal?: AbortSignal | null;
    redirect?: 'follow' | 'manual' | 'error';
  }

  export interface Response {
    readonly ok: boolean;
    readonly status: number;
    readonly statusText: string;
    readonly headers: Headers;
    readonly url: string;
    text(): Promise<string>;
    json(): Promise<unknown>;
    arrayBuffer(): Promise<ArrayBuffer>;
    buffer(): Promise<Buffer>;
    clone(): Response;
  }

  export default function fetch(
    url: string,
    init?: RequestInit,
  ): Promise<Response>;
}
