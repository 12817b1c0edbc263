import { getVendorProfile } from '../../server/vendors';
import { createTestContext, type TestContext } from '../setup/context';

/** Vendor profiles are cached per pool and checked against the registry revision the database keeps. */
describe('vendor profile cache', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
  });
  afterAll(() => ctx.close());

  test('when the registry has not changed, then the same frozen profile is served', async () => {
    const first = await getVendorProfile(ctx.db, 'sonos');
    const second = await getVendorProfile(ctx.db, 'sonos');
    expect(second).toBe(first);
    expect(Object.isFrozen(first!.channels[0])).toBe(true);
  });

  test('when a fact changes, then the next read shows it, and a rolled-back change leaves nothing stale', async () => {
    const before = (await getVendorProfile(ctx.db, 'sonos'))!;
    const channel = before.channels[0]!;
    await ctx.db('vendor_facts').where({ id: channel.id }).update({ edited_value: 'privacy-desk@sonos.example' });
    try {
      const after = (await getVendorProfile(ctx.db, 'sonos'))!;
      expect(after).not.toBe(before);
      expect(after.channels.find((c) => c.id === channel.id)!.edited_value).toBe('privacy-desk@sonos.example');

      // a change made and rolled back inside a transaction is read fresh there and never cached for others
      await ctx.db
        .transaction(async (trx) => {
          await trx('vendor_facts').where({ id: channel.id }).update({ edited_value: 'rolled-back@sonos.example' });
          const inside = (await getVendorProfile(trx, 'sonos'))!;
          expect(inside.channels.find((c) => c.id === channel.id)!.edited_value).toBe('rolled-back@sonos.example');
          throw new Error('roll back');
        })
        .catch(() => undefined);
      const outside = (await getVendorProfile(ctx.db, 'sonos'))!;
      expect(outside.channels.find((c) => c.id === channel.id)!.edited_value).toBe('privacy-desk@sonos.example');
    } finally {
      await ctx.db('vendor_facts').where({ id: channel.id }).update({ edited_value: channel.edited_value });
    }
    expect((await getVendorProfile(ctx.db, 'sonos'))!.channels.find((c) => c.id === channel.id)!.edited_value).toBe(
      channel.edited_value,
    );
  });
});
