import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { TableClient } from '@azure/data-tables';
import type { StorageConnection } from '../config.js';

/** Blob, queue and table clients for one storage account, built the way the Functions host builds them. */
export interface StorageClients {
  blobs: BlobServiceClient;
  queues: QueueServiceClient;
  table(name: string): TableClient;
  queue(name: string): QueueClient;
}

function credentialFor(connection: Extract<StorageConnection, { kind: 'identity' }>): TokenCredential {
  return connection.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: connection.managedIdentityClientId })
    : new DefaultAzureCredential();
}

export function createStorageClients(connection: StorageConnection): StorageClients {
  if (connection.kind === 'connectionString') {
    const cs = connection.connectionString;
    // Azurite speaks plain http on loopback; the tables SDK refuses that unless told.
    const allowInsecureConnection = /UseDevelopmentStorage=true|http:\/\//i.test(cs);
    const blobs = BlobServiceClient.fromConnectionString(cs);
    const queues = QueueServiceClient.fromConnectionString(cs);
    return {
      blobs,
      queues,
      table: (name) => TableClient.fromConnectionString(cs, name, { allowInsecureConnection }),
      queue: (name) => queues.getQueueClient(name),
    };
  }
  const credential = credentialFor(connection);
  const blobs = new BlobServiceClient(connection.blobServiceUri, credential);
  const queues = new QueueServiceClient(connection.queueServiceUri, credential);
  return {
    blobs,
    queues,
    table: (name) => new TableClient(connection.tableServiceUri, name, credential),
    queue: (name) => queues.getQueueClient(name),
  };
}
