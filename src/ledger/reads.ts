// A tenancy, its tenants and its ledger entries, as the other capabilities read them (the collection
// routine, its letters and notices; housing's homes). The one way into the ledger's records from
// outside the ledger (the layering test holds every other capability to it); each runs in the caller's
// transaction.
import { ledgerStore } from './store.ts';

export const ledgerReads = {
  tenancy: ledgerStore.tenancy,
  tenants: ledgerStore.tenants,
  entries: ledgerStore.entries,
  contractIds: ledgerStore.contractIds,
};
