import { chooseChannel } from '../../server/requests';
import type { VendorProfile } from '../../server/vendors';

type PolicyChannel = VendorProfile['channels'][number];
type StaffChannel = VendorProfile['staff_channels'][number];

const POLICY_SOURCE = {
  kind: 'policy',
  document_id: 1,
  title: 'Privacy policy',
  source: 'https://v.test/privacy',
  retrieved_at: '2026-01-01T00:00:00.000Z',
  effective_date: null,
} as const;
const policy = (
  id: number,
  type: PolicyChannel['type'],
  value: string,
  jurisdictions: string[] = [],
  review_status: PolicyChannel['review_status'] = 'approved',
): PolicyChannel => ({
  id,
  type,
  value,
  purpose: 'privacy_requests',
  jurisdictions,
  label: null,
  citation: { start: 0, end: 1, quote: 'x' },
  review_status,
  edited_value: null,
  source: POLICY_SOURCE,
  conflict: null,
});
const dataset = (
  id: number,
  type: PolicyChannel['type'],
  value: string,
  quality: 'tested' | 'verified' | 'scraped',
  review_status: PolicyChannel['review_status'] = 'draft',
): PolicyChannel => ({
  id,
  type,
  value,
  purpose: 'privacy_requests',
  jurisdictions: [],
  label: null,
  citation: { start: 0, end: 1, quote: 'x' },
  review_status,
  edited_value: null,
  conflict: null,
  source: {
    kind: 'dataset',
    document_id: 100 + id,
    dataset: 'datenanfragen',
    dataset_name: 'Datenanfragen.de company database',
    record: `r${id}`,
    version: 'v1',
    date: '2026-07-21',
    quality,
    source_urls: [],
    retrieved_at: '2026-01-01T00:00:00.000Z',
    withdrawn: false,
  },
});
const staff = (id: number, type: StaffChannel['type'], value: string, jurisdictions: string[] = []): StaffChannel => ({
  vendor_channel_id: id,
  origin: 'staff',
  type,
  value,
  purpose: 'privacy_requests',
  jurisdictions,
  label: null,
  source: 'https://example.test/contact',
  source_kind: 'url',
  added_at: '2026-01-01T00:00:00.000Z',
});
const profile = (channels: PolicyChannel[], staffChannels: StaffChannel[]): VendorProfile => ({
  slug: 'v',
  name: 'V',
  needs_review: false,
  review_note: null,
  countries: [],
  data_quality: null,
  request_language: null,
  registered_data_broker: false,
  sources: [],
  metrics: [],
  policy: null,
  products: [],
  former_names: [],
  websites: [],
  channels,
  staff_channels: staffChannels,
  rights: [],
  deadlines: [],
  requirements: [],
  warnings: [],
  gaps: [],
  has_usable_channel: channels.length + staffChannels.length > 0,
});

describe('choosing the channel of a new request', () => {
  test('when only staff have a channel, then it is chosen and named by its vendor_channels id', () => {
    expect(chooseChannel(profile([], [staff(7, 'email', 'desk@v.test')]), 'US-CA')).toEqual({
      type: 'email',
      value: 'desk@v.test',
      origin: 'staff',
      vendor_channel_id: 7,
    });
  });

  test('when the policy gives a channel of the same tier, then the policy channel wins, even one meant elsewhere', () => {
    const chosen = chooseChannel(
      profile([policy(3, 'email', 'privacy@v.test', ['GB'])], [staff(7, 'email', 'desk@v.test', ['US-CA'])]),
      'US-CA',
    );
    expect(chosen).toEqual({ type: 'email', value: 'privacy@v.test', origin: 'policy', fact_id: 3 });
  });

  test('when the staff channel is of a better tier, then it wins', () => {
    const chosen = chooseChannel(
      profile([policy(3, 'postal', 'V Ltd\n1 Street')], [staff(7, 'email', 'desk@v.test')]),
      'GB',
    );
    expect(chosen).toMatchObject({ origin: 'staff', vendor_channel_id: 7 });
  });

  test('when a staff channel serves other jurisdictions only, then it is not used', () => {
    expect(chooseChannel(profile([], [staff(7, 'email', 'desk@v.test', ['US'])]), 'GB')).toBeNull();
    expect(chooseChannel(profile([], [staff(7, 'email', 'desk@v.test', ['US'])]), 'US-TX')).toMatchObject({
      vendor_channel_id: 7,
    });
  });
});

describe("choosing between a vendor's sources", () => {
  test("when the policy gives only a postal address and a dataset an email, then the company's own policy wins", () => {
    const chosen = chooseChannel(
      profile(
        [dataset(5, 'email', 'privacy@v.test', 'tested'), policy(3, 'postal', 'V Ltd\n1 Street', [], 'draft')],
        [],
      ),
      'DE',
    );
    expect(chosen).toEqual({ type: 'postal', value: 'V Ltd\n1 Street', origin: 'policy', fact_id: 3 });
  });

  test('when staff reviewed a dataset fact, then it ranks with the policy and the better tier wins', () => {
    const chosen = chooseChannel(
      profile(
        [
          policy(3, 'postal', 'V Ltd\n1 Street', [], 'draft'),
          dataset(5, 'email', 'privacy@v.test', 'scraped', 'approved'),
        ],
        [],
      ),
      'DE',
    );
    expect(chosen).toMatchObject({ fact_id: 5, value: 'privacy@v.test' });
  });

  test("when two sources give an email of the same tier, then a reviewed one wins over the policy's draft", () => {
    const chosen = chooseChannel(
      profile(
        [policy(3, 'email', 'policy@v.test', [], 'draft'), dataset(5, 'email', 'checked@v.test', 'verified', 'edited')],
        [],
      ),
      'DE',
    );
    expect(chosen).toMatchObject({ fact_id: 5 });
  });

  test('when only datasets give channels, then the record of better quality wins: tested, verified, scraped', () => {
    const scraped = dataset(4, 'email', 'scraped@v.test', 'scraped');
    const verified = dataset(5, 'email', 'verified@v.test', 'verified');
    const tested = dataset(6, 'email', 'tested@v.test', 'tested');
    expect(chooseChannel(profile([scraped, verified, tested], []), 'DE')).toMatchObject({ fact_id: 6 });
    expect(chooseChannel(profile([scraped, verified], []), 'DE')).toMatchObject({ fact_id: 5 });
    expect(chooseChannel(profile([scraped], []), 'DE')).toMatchObject({ fact_id: 4 });
  });

  test('when a staff channel and an unreviewed dataset email exist, then the staff channel wins', () => {
    const chosen = chooseChannel(
      profile([dataset(5, 'email', 'privacy@v.test', 'tested')], [staff(7, 'postal', 'V Ltd\n1 Street')]),
      'DE',
    );
    expect(chosen).toMatchObject({ origin: 'staff', vendor_channel_id: 7 });
  });
});
