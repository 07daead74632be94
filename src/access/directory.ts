// Who is who, as the other capabilities ask it: an organisation, a municipality by its code, the users
// of an organisation. The one way into access's records from outside access (the layering test holds
// every other capability to it); each runs in the caller's transaction.
import { accessStore } from './store.ts';

export const directory = {
  organisation: accessStore.organisation,
  organisations: accessStore.organisations,
  municipalityByCode: accessStore.municipalityByCode,
  usersOfOrg: accessStore.usersOfOrg,
  userOfOrg: accessStore.userOfOrg,
};
