import { chooseChannel } from '../../server/requests';
import type { VendorProfile } from '../../server/vendors';

type PolicyChannel = VendorProfile['channels'][number];
type StaffChannel = VendorProfile['staff_channels'][number];

const policy = (id: number, type: PolicyChannel['type'], value: string, jurisdictions: string[] = []): PolicyChannel => ({
  id, type, value, purpose: 'privacy_requests', jurisdictions, label: null, citation: { start: 0, end: 1, quote: 'x' }, review_status: 'approved', edited_value: null,
});
const staff = (id: number, type: StaffChannel['type'], value: string, jurisdictions: string[] = []): StaffChannel => ({
  vendor_channel_id: id, origin: 'staff', type, value, purpose: 'privacy_requests', jurisdictions, label: null,
  source: 'https://example.test/contact', source_kind: 'url', added_at: '2026-01-01T00:00:00.000Z',
});
const profile = (channels: PolicyChannel[], staffChannels: StaffChannel[]): VendorProfile => ({
  slug: 'v', name: 'V', needs_review: false, review_note: null, policy: null, products: [], channels, staff_channels: staffChannels,
  rights: [], deadlines: [], requirements: [], warnings: [], gaps: [], has_usable_channel: channels.length + staffChannels.length > 0,
});

describe('choosing the channel of a new request', () => {
  test('when only staff have a channel, then it is chosen and named by its vendor_channels id', () => {
    expect(chooseChannel(profile([], [staff(7, 'email', 'desk@v.test')]), 'US-CA')).toEqual({ type: 'email', value: 'desk@v.test', origin: 'staff', vendor_channel_id: 7 });
  });

  test('when the policy gives a channel of the same tier, then the policy channel wins, even one meant elsewhere', () => {
    const chosen = chooseChannel(profile([policy(3, 'email', 'privacy@v.test', ['GB'])], [staff(7, 'email', 'desk@v.test', ['US-CA'])]), 'US-CA');
    expect(chosen).toEqual({ type: 'email', value: 'privacy@v.test', origin: 'policy', fact_id: 3 });
  });

  test('when the staff channel is of a better tier, then it wins', () => {
    const chosen = chooseChannel(profile([policy(3, 'postal', 'V Ltd\n1 Street')], [staff(7, 'email', 'desk@v.test')]), 'GB');
    expect(chosen).toMatchObject({ origin: 'staff', vendor_channel_id: 7 });
  });

  test('when a staff channel serves other jurisdictions only, then it is not used', () => {
    expect(chooseChannel(profile([], [staff(7, 'email', 'desk@v.test', ['US'])]), 'GB')).toBeNull();
    expect(chooseChannel(profile([], [staff(7, 'email', 'desk@v.test', ['US'])]), 'US-TX')).toMatchObject({ vendor_channel_id: 7 });
  });
});
