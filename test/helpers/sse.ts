/** A server-sent events client for tests: fetch, then the stream read into events and comments. */

export interface SseMessage {
  /** `comment` for a `: ...` line. */
  event: string;
  /** The data line (JSON text for Sentinel's events), or the comment's text. */
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every message as it arrives; ends when the server ends the stream. */
  messages: AsyncGenerator<SseMessage>;
  close(): void;
}

export async function openEvents(url: string): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: { Accept: 'text/event-stream' } });
  return { status: response.status, headers: response.headers, messages: parse(response), close: () => abort.abort() };
}

async function* parse(response: Response): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (block.startsWith(': ')) {
          yield { event: 'comment', data: block.slice(2) };
          continue;
        }
        const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
        yield { event: fields.event ?? 'message', data: fields.data ?? '' };
      }
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}

/** Every message up to the end of the stream. */
export async function allMessages(stream: SseStream): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  for await (const message of stream.messages) messages.push(message);
  return messages;
}
