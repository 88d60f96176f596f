/** Changes to the caller's organization (studio-api.md §9.5). */
import { notFound } from '../../engine/errors.js';
import type { Organization, Store } from '../../engine/store.js';

export interface OrganizationChanges {
  /** Absent: kept. */
  readonly name?: string | undefined;
  /** Absent: kept; null: no default bot. */
  readonly defaultBotId?: string | null | undefined;
}

export async function updateOrganization(
  store: Pick<Store, 'transaction'>,
  orgId: string,
  changes: OrganizationChanges,
  now: number,
): Promise<Organization> {
  return store.transaction(async (repos) => {
    const org = await repos.getOrg(orgId);
    if (!org) throw notFound('organization');
    const { name, defaultBotId } = changes;
    if (typeof defaultBotId === 'string' && !(await repos.getBot(orgId, defaultBotId))) {
      throw notFound('bot');
    }
    const updated: Organization = {
      ...org,
      name: name ?? org.name,
      defaultBotId: defaultBotId === undefined ? org.defaultBotId : defaultBotId,
      updatedAt: now,
    };
    await repos.updateOrg(updated);
    return updated;
  });
}
