import { randomBytes } from 'node:crypto';
import type { BlockBlobUploadOptions } from '@azure/storage-blob';
import { writingTo, type TargetBlob } from './writeTarget.js';

/**
 * Block ids carry a per-writer nonce: two deliveries of one message writing at once must never commit a mix
 * of each other's blocks (a real engine may translate the same text slightly differently each time).
 */
const blockId = (writer: string, index: number): string =>
  Buffer.from(`${writer}-${String(index).padStart(6, '0')}`).toString('base64');

/**
 * Writes a target blob part by part. A small output is one Put Blob; a large one is staged in blocks and
 * committed at the end, so the blob appears whole or not at all, and memory holds one block at a time.
 */
export class OutputBlob {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly blocks: string[] = [];
  private readonly writer = randomBytes(8).toString('hex');

  constructor(
    private readonly target: Pick<TargetBlob, 'client' | 'recreateContainer'>,
    private readonly options: BlockBlobUploadOptions,
    /** Staged blocks of this size keep memory flat (see ItemLimits.blockBytes). */
    private readonly blockBytes: number,
  ) {}

  write(text: string): Promise<void> {
    return this.writeBytes(Buffer.from(text, 'utf8'));
  }

  async writeBytes(bytes: Buffer): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.blockBytes) await this.stage();
  }

  async finish(): Promise<void> {
    if (this.blocks.length === 0) {
      const body = Buffer.concat(this.pending);
      this.pending = [];
      await writingTo(this.target, () => this.target.client.upload(body, body.length, this.options));
      return;
    }
    if (this.pendingBytes > 0) await this.stage();
    await this.target.client.commitBlockList(this.blocks, {
      ...(this.options.blobHTTPHeaders ? { blobHTTPHeaders: this.options.blobHTTPHeaders } : {}),
      ...(this.options.metadata ? { metadata: this.options.metadata } : {}),
    });
  }

  private async stage(): Promise<void> {
    const body = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const id = blockId(this.writer, this.blocks.length);
    await writingTo(this.target, () => this.target.client.stageBlock(id, body, body.length));
    this.blocks.push(id);
  }
}
