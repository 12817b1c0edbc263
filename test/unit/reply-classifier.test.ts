import { simpleParser } from 'mailparser';
import { classifyReply } from '../../server/correspondence/classification/classify';
import { findDates } from '../../server/correspondence/classification/dates';
import { prepareText } from '../../server/correspondence/classification/normalize';
import { replyInputFromParsed } from '../../server/correspondence/classification/read-message';
import type { ReplyClass, ReplyInput } from '../../server/correspondence/classification/types';

const reply = (text: string, extra: Partial<ReplyInput> = {}): ReplyInput => ({ subject: null, text, ...extra });

describe('reply classifier rules, per class and language (server/correspondence/classification)', () => {
  test.each<[ReplyClass, string, string]>([
    ['acknowledgement', 'en', 'Thank you. We have received your request and will respond within one month.'],
    [
      'acknowledgement',
      'de',
      'Guten Tag, wir bestätigen den Eingang Ihres Schreibens. Wir werden es schnellstmöglich bearbeiten.',
    ],
    ['acknowledgement', 'fr', 'Bonjour, nous accusons réception de votre courrier. Numéro de dossier : 5521.'],
    ['acknowledgement', 'sv', 'Hej! Vi har tagit emot ditt ärende och återkommer inom kort.'],
    ['acknowledgement', 'es', 'Hola, hemos recibido su solicitud. Número de caso: 7781.'],
    ['acknowledgement', 'ja', 'お問い合わせを受け付けました。担当者よりご連絡いたします。'],
    [
      'information_requested',
      'en',
      'Before we can process this, please provide a copy of your passport and your date of birth.',
    ],
    [
      'information_requested',
      'de',
      'Bitte senden Sie uns eine Kopie Ihres Personalausweises, damit wir Ihre Anfrage bearbeiten können.',
    ],
    [
      'information_requested',
      'de',
      'Wir benötigen eine Kopie Ihres Ausweises, damit wir Ihre Anfrage bearbeiten können.',
    ],
    [
      'information_requested',
      'fr',
      "Merci de nous transmettre une copie de votre pièce d'identité afin de traiter votre demande.",
    ],
    [
      'information_requested',
      'sv',
      'Vänligen skicka en kopia av din id-handling så att vi kan verifiera din identitet.',
    ],
    ['information_requested', 'es', 'Le rogamos que nos remita una copia de su DNI para verificar su identidad.'],
    ['information_requested', 'ja', '本人確認のため、運転免許証の写しをご提出ください。'],
    ['extension', 'en', 'We need more time: we are extending the response period by two months, to 30 June 2026.'],
    ['extension', 'de', 'Wir verlängern die Frist um zwei Monate bis zum 30.06.2026.'],
    ['extension', 'fr', 'Le délai de réponse est prolongé de deux mois, soit jusqu’au 30 juin 2026.'],
    ['extension', 'sv', 'Vi förlänger svarstiden med två månader och svarar senast den 30 juni 2026.'],
    ['extension', 'es', 'Prorrogamos el plazo de respuesta dos meses adicionales, hasta el 30 de junio de 2026.'],
    ['extension', 'ja', '回答期限を延長させていただき、2026年6月30日までにご回答いたします。'],
    ['fulfilled', 'en', 'Your personal data has been deleted and your account closed.'],
    ['fulfilled', 'de', 'Ihre Daten wurden vollständig gelöscht.'],
    ['fulfilled', 'fr', 'Vos données ont été supprimées de nos systèmes.'],
    ['fulfilled', 'sv', 'Dina personuppgifter har nu raderats.'],
    ['fulfilled', 'es', 'Hemos eliminado todos sus datos personales.'],
    ['fulfilled', 'ja', 'お客様の個人データの削除が完了いたしました。'],
    [
      'partially_fulfilled',
      'en',
      'Attached is the first part of your data; the remaining records will follow next week.',
    ],
    ['partially_fulfilled', 'de', 'Anbei eine Teilauskunft; die übrigen Daten folgen separat.'],
    ['denied', 'en', 'We searched our systems and could not locate any personal data relating to you.'],
    ['denied', 'de', 'Zu Ihrer Person sind keine personenbezogenen Daten gespeichert.'],
    ['denied', 'fr', "Après vérification, nous n'avons trouvé aucune donnée vous concernant."],
    ['denied', 'sv', 'Vi hittar inga personuppgifter om dig i våra system.'],
    ['denied', 'es', 'No hemos encontrado ningún dato personal asociado a usted.'],
    ['denied', 'ja', 'ご登録の情報は見つかりませんでした。'],
    [
      'wrong_channel',
      'en',
      'Please submit your request through our privacy portal at https://privacy.example.com/form.',
    ],
    ['wrong_channel', 'de', 'Bitte nutzen Sie unser Datenschutz-Formular: https://example.de/formular'],
    ['wrong_channel', 'fr', 'Merci de compléter le formulaire en ligne : https://exemple.fr/rgpd'],
    ['wrong_channel', 'sv', 'Använd vårt webbformulär: https://exempel.se/formular'],
    ['wrong_channel', 'es', 'Debe utilizar el formulario disponible en https://ejemplo.es/privacidad'],
    ['wrong_channel', 'ja', '専用フォームよりお手続きください。https://example.jp/form'],
    ['bounce', 'en', 'Your message could not be delivered to privacy@example.com: 550 5.1.1 User unknown'],
    ['bounce', 'de', 'Ihre Nachricht konnte nicht zugestellt werden. Empfänger unbekannt.'],
    ['auto_reply', 'en', "I'm out of the office until Monday with limited access to email."],
    ['auto_reply', 'fr', "Je suis absent du bureau jusqu'au 3 mai."],
    ['auto_reply', 'es', 'Estoy fuera de la oficina hasta el lunes.'],
    ['unrelated', 'en', 'Big spring sale! 20% off everything. Unsubscribe at any time.'],
    ['unrelated', 'ja', 'メールマガジンの配信停止はこちらから。'],
  ])('when a %s reply in %s says it, then it is classified so (%s)', (cls, lang, text) => {
    const c = classifyReply(reply(text));
    expect(c.class).toBe(cls);
    expect(c.language).toBe(lang);
    expect(c.evidence.length).toBeGreaterThan(0);
    for (const e of c.evidence.filter((x) => !x.source)) expect(text.slice(e.start, e.end).trim()).toBe(e.phrase);
  });

  test('when nothing matches, then it is unrelated with a low confidence and no evidence', () => {
    const c = classifyReply(reply('Lorem ipsum dolor sit amet.'));
    expect(c).toMatchObject({ class: 'unrelated', evidence: [] });
    expect(c.confidence).toBeLessThan(0.5);
  });

  test('when a message says two conflicting things, then its confidence is lower than when it says one', () => {
    const clear = classifyReply(reply('We have received your request. Please provide a copy of your passport.'));
    const mixed = classifyReply(
      reply('Please provide a copy of your passport. We could not verify your identity and closed your request.'),
    );
    expect(clear.class).toBe('information_requested');
    expect(mixed.confidence).toBeLessThan(clear.confidence);
  });
});

test('when a German reply asks for "eine Kopie Ihres Ausweises", then the item is a government ID (any inflection)', () => {
  expect(classifyReply(reply('Wir benötigen eine Kopie Ihres Ausweises.')).extracted.requested_items).toEqual([
    'government_id',
  ]);
});

describe('headers', () => {
  test('when a multipart/report arrives, then it is a bounce with the header as evidence', () => {
    const c = classifyReply(
      reply('This is the mail system.', {
        headers: { 'content-type': 'multipart/report; report-type=delivery-status' },
      }),
    );
    expect(c.class).toBe('bounce');
    expect(c.confidence).toBeGreaterThan(0.8);
    expect(c.evidence[0]).toMatchObject({ rule: 'bounce.header.multipart_report', source: 'header' });
  });

  test('when Auto-Submitted marks a ticket receipt, then it stays an acknowledgement; with no words, an auto_reply', () => {
    const headers = { 'auto-submitted': 'auto-generated' };
    expect(classifyReply(reply('We have received your request (ticket #123).', { headers })).class).toBe(
      'acknowledgement',
    );
    expect(classifyReply(reply('Thank you.', { headers: { 'x-autoreply': 'yes' } })).class).toBe('auto_reply');
  });

  test('when the subject says out of office, then an otherwise empty reply is an auto_reply', () => {
    const c = classifyReply(reply('Back on Monday.', { subject: 'Out of Office: Request DR-2026-000001' }));
    expect(c.class).toBe('auto_reply');
    expect(c.evidence[0]).toMatchObject({ source: 'subject' });
  });
});

describe('quote, signature and boilerplate stripping', () => {
  const letter = 'Please provide a copy of my personal data. You may extend the period by two months.';
  test.each([
    ['an "On ... wrote:" header', `On Mon, 5 Jan 2026 at 09:00, Portal <x@reply.example> wrote:\n${letter}`],
    ['a German "Am ... schrieb" header', `Am 05.01.2026 um 09:00 schrieb Portal <x@reply.example>:\n${letter}`],
    ['a French "Le ... a écrit :" header', `Le 5 janv. 2026 à 09:00, Portal <x@reply.example> a écrit :\n${letter}`],
    ['an Original Message separator', `-----Original Message-----\nFrom: Portal\n${letter}`],
    [
      'an Outlook header block',
      `From: Portal <x@reply.example>\nSent: Monday, 5 January 2026 09:00\nTo: privacy@example.com\nSubject: Request\n\n${letter}`,
    ],
    ['">" quoted lines', `> ${letter}`],
    [
      'a Spanish Outlook header block',
      `De: Portal <x@reply.example>\nEnviado el: lunes, 5 de enero de 2026 9:00\nPara: privacidad@example.com\nAsunto: Solicitud\n\n${letter}`,
    ],
    [
      'a French Outlook header block',
      `De : Portal <x@reply.example>\nEnvoyé : lundi 5 janvier 2026 09:00\nÀ : rgpd@example.com\nObjet : Demande\n\n${letter}`,
    ],
  ])('when our letter is quoted below %s, then its words are blanked and count for nothing', (_label, quote) => {
    const text = `Thanks, we have received your request.\n\n${quote}`;
    const prepared = prepareText(text);
    expect(prepared.kept).toHaveLength(text.length);
    expect(prepared.kept).toContain('we have received your request');
    expect(prepared.kept).not.toContain('extend');
    expect(classifyReply(reply(text)).class).toBe('acknowledgement');
  });

  test('when a message is longer than the rules read, then the kept text keeps its length and the tail is blank', () => {
    const text = `We have deleted your data.\n${'More words here.\n'.repeat(5000)}`;
    const prepared = prepareText(text, 1000);
    expect(prepared.kept).toHaveLength(text.length);
    expect(prepared.kept.slice(0, 26)).toBe('We have deleted your data.');
    expect(prepared.kept.slice(2000).trim()).toBe('');
    expect(prepared.kept.split('\n')).toHaveLength(text.split('\n').length);
  });

  test('when a signature follows "-- " or a closing formula, then it is blanked', () => {
    const text = 'We have deleted your data.\n\nKind regards,\nJo\nPrivacy | Sale 50% off | unsubscribe\n';
    expect(prepareText(text).kept).not.toContain('unsubscribe');
    expect(prepareText('Done.\n-- \nJo, newsletter editor').kept).not.toContain('newsletter');
    expect(classifyReply(reply(text)).class).toBe('fulfilled');
  });

  test('when a Zendesk-style reply carries its ticket lines, then they are blanked and only the agent counts', () => {
    const text = [
      '##- Please type your reply above this line -##',
      'Your request (4411) has been updated. To add additional comments, reply to this email.',
      '',
      'Hi, to verify your identity please send us a photo of your ID.',
      '',
      'This email is a service from Acme Support. Delivered by Zendesk',
    ].join('\n');
    const prepared = prepareText(text);
    expect(prepared.kept).not.toContain('Zendesk');
    expect(prepared.boilerplate.length).toBeGreaterThanOrEqual(3);
    expect(classifyReply(reply(text)).class).toBe('information_requested');
  });

  test('when a bare ticket receipt is all there is, then its boilerplate line makes it an acknowledgement', () => {
    const c = classifyReply(
      reply('Your request (22817) has been received and is being reviewed by our support staff.'),
    );
    expect(c.class).toBe('acknowledgement');
    expect(c.evidence[0]?.rule).toBe('acknowledgement.boilerplate.receipt');
  });

  test('when the body is HTML, then links keep their target and a blockquote is dropped', () => {
    const html =
      '<html><body><p>Please use our <a href="https://acme.example/privacy-form">privacy request form</a>.</p><blockquote>We have deleted your data</blockquote></body></html>';
    const c = classifyReply(reply(html));
    expect(c.class).toBe('wrong_channel');
    expect(c.extracted.url).toBe('https://acme.example/privacy-form');
  });
});

describe('extractions', () => {
  test.each([
    ['en', 'March 1, 2026', '2026-03-01'],
    ['en', '1st March 2026', '2026-03-01'],
    ['en', '02/20/2026', '2026-02-20'],
    ['de', '1. März 2026', '2026-03-01'],
    ['de', '01.03.2026', '2026-03-01'],
    ['fr', '1er mars 2026', '2026-03-01'],
    ['fr', '20/03/2026', '2026-03-20'],
    ['sv', '1 mars 2026', '2026-03-01'],
    ['sv', '2026-03-01', '2026-03-01'],
    ['es', '1 de marzo de 2026', '2026-03-01'],
    ['ja', '2026年3月1日', '2026-03-01'],
    ['ja', '令和8年3月1日', '2026-03-01'],
  ] as const)('when a %s text names %s, then the date is %s', (lang, phrase, iso) => {
    expect(findDates(`... ${phrase} ...`, lang).map((d) => d.iso)).toEqual([iso]);
  });

  test('when a date has no year, then the receipt date supplies it (the next year when it would lie well before)', () => {
    expect(findDates('by 1 March', 'en', new Date('2026-01-10T00:00:00Z')).map((d) => d.iso)).toEqual(['2026-03-01']);
    expect(findDates('by 1 March', 'en', new Date('2026-11-10T00:00:00Z')).map((d) => d.iso)).toEqual(['2027-03-01']);
    expect(findDates('by 1 March', 'en')).toEqual([]);
  });

  test.each([
    ['We are extending the deadline by an additional 45 days.', 45, null],
    ['We are extending by 45 days.', 45, null],
    ['Wir verlängern um 30 Tage.', 30, null],
    ['We need an extension of 3 weeks to respond.', 21, null],
    ['Wir verlängern die Frist um weitere zwei Monate.', null, 2],
    ['Le délai est prolongé d’un mois.', null, 1],
    ['Vi förlänger tidsfristen med två månader.', null, 2],
    ['Prorrogamos el plazo dos meses adicionales.', null, 2],
    ['回答期限を延長し、さらに30日お時間をいただきます。', 30, null],
  ])('when an extension says "%s", then days=%s months=%s', (text, days, months) => {
    const c = classifyReply(reply(text));
    expect(c.class).toBe('extension');
    expect(c.extracted.extension_days).toBe(days);
    expect(c.extracted.extension_months).toBe(months);
  });

  test('when an extension names the receipt and the new date, then the new due date is the later one, with the reason', () => {
    const c = classifyReply(
      reply(
        'We received your request on 2 February 2026. Due to its complexity we are extending the period; we will reply by 2 May 2026.',
      ),
    );
    expect(c.extracted).toMatchObject({ new_due_date: '2026-05-02', reason: 'complexity' });
  });

  test.each([
    ['We could not verify your identity, so we cannot process your request.', 'not_verified'],
    ['This right applies only to California residents. You are not a California resident.', 'not_a_resident'],
    ['You are not a customer of ours.', 'not_a_customer'],
    ['We consider this request manifestly unfounded and excessive.', 'excessive'],
    ['We are unable to delete your data because we are required by law to retain it.', 'exemption'],
    ['Wir konnten keine Daten zu Ihrer Person gefunden. Es sind keine Daten gespeichert.', 'no_data_found'],
  ])('when a denial says "%s", then the reason is %s with the sentence as its text', (text, reason) => {
    const c = classifyReply(reply(text));
    expect(c.class).toBe('denied');
    expect(c.extracted.reason).toBe(reason);
    expect(c.extracted.reason_text && text.includes(c.extracted.reason_text.slice(0, 20))).toBe(true);
  });

  test('when a vendor asks for several things, then each is listed once, sorted', () => {
    const c = classifyReply(
      reply(
        'To verify your identity please send a copy of your passport, your date of birth, the email address registered to your account, a utility bill as proof of address and a signed authorization from the consumer.',
      ),
    );
    expect(c.extracted.requested_items).toEqual([
      'account_email',
      'date_of_birth',
      'government_id',
      'proof_of_residence',
      'signed_authorization',
    ]);
  });

  test('when a wrong-channel reply names only an email address, then the url is its mailto', () => {
    const c = classifyReply(reply('This inbox handles product support only. Please email dpo@acme.example directly.'));
    expect(c.class).toBe('wrong_channel');
    expect(c.extracted.url).toBe('mailto:dpo@acme.example');
  });

  test('when a reply has an unsubscribe link and a form link, then the url is the form', () => {
    const c = classifyReply(
      reply('Please use our web form at https://acme.example/unsubscribe?x=1 no, at https://acme.example/dsar-form.'),
    );
    expect(c.extracted.url).toBe('https://acme.example/dsar-form');
  });
});

describe('replyInputFromParsed (for inbound mail)', () => {
  test('when a parsed message has headers and attachments, then the input carries them by lower-case name', async () => {
    const raw = [
      'From: MAILER-DAEMON@mx.example',
      'Subject: Undeliverable: request',
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Delivery has failed to these recipients.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; privacy@gone.example',
      'Action: failed',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <letter-1@portal.example>',
      '--b--',
      '',
    ].join('\r\n');
    const input = replyInputFromParsed(await simpleParser(raw));
    expect(input.headers).toMatchObject({
      from: 'MAILER-DAEMON@mx.example',
      'auto-submitted': 'auto-replied',
      'content-type': 'multipart/report; report-type=delivery-status; boundary="b"',
    });
    expect(input.attachments?.map((a) => a.contentType)).toContain('text/rfc822-headers');
    expect(classifyReply(input)).toMatchObject({ class: 'bounce' });
  });
});

describe("a second author's phrasings (wording the first rules were not written for)", () => {
  test.each<[ReplyClass, string]>([
    ['fulfilled', 'Hi, this completes your request. Your data file is attached to this email.'],
    ['fulfilled', 'We have now closed your account and erased the personal data associated with it.'],
    ['fulfilled', 'お客様の個人情報の利用停止を完了いたしました。'],
    ['extension', 'We need more time to respond to your request and will reply by 30 June 2026 at the latest.'],
    ['extension', 'Wir benötigen für die Bearbeitung mehr Zeit und melden uns bis spätestens 30. Juni 2026.'],
    ['extension', "Nous avons besoin d'un délai supplémentaire et vous répondrons au plus tard le 30 juin 2026."],
    ['extension', 'Vi behöver mer tid för att besvara din begäran och återkommer senast den 30 juni 2026.'],
    ['extension', 'Necesitamos más tiempo para responder y le contestaremos a más tardar el 30 de junio de 2026.'],
    ['denied', 'Nach Prüfung müssen wir Ihren Antrag ablehnen, da wir keine Daten zu Ihrer Person verarbeiten.'],
    ['denied', 'Après vérification, nous ne détenons aucune donnée à votre nom.'],
    ['denied', 'We have not found any records relating to this individual, so there is no personal data to provide.'],
    ['denied', 'Vi hittar ingen kund som matchar uppgifterna och behandlar därför inga personuppgifter om dig.'],
    ['denied', 'We do not process personal data of people outside the United States and are therefore unable to help.'],
  ])('%s: %s', (cls, text) => {
    expect(classifyReply(reply(text)).class).toBe(cls);
  });
});

describe('common alternative phrasings of each class, per language (phrasings.ts)', () => {
  test.each<[ReplyClass, string, string]>([
    // fulfilled
    ['fulfilled', 'en', 'We have now actioned your erasure request across all of our systems.'],
    ['fulfilled', 'en', 'We have carried out your request and your account has been permanently closed.'],
    ['fulfilled', 'en', 'Your personal information was erased from our CRM on 3 March.'],
    ['fulfilled', 'en', 'Your request is now complete.'],
    ['fulfilled', 'en', 'Attached you will find the export. The download link is valid for 7 days.'],
    ['fulfilled', 'en', 'We have removed your email address from all our mailing lists.'],
    ['fulfilled', 'en', 'Your address has been updated as requested.'],
    ['fulfilled', 'de', 'Ihr Widerspruch wurde umgesetzt; wir haben einen Sperrvermerk gesetzt.'],
    ['fulfilled', 'de', 'Ihre Datenauskunft steht ab sofort zum Abruf bereit. Der Link ist 14 Tage gültig.'],
    ['fulfilled', 'de', 'Wir haben Sie aus unserem Newsletter-Verteiler ausgetragen.'],
    ['fulfilled', 'de', 'Ihre Kundendaten wurden anonymisiert.'],
    ['fulfilled', 'fr', 'Votre demande a bien été traitée : vos données ont été effacées.'],
    ['fulfilled', 'fr', "Nous avons procédé à l'effacement de votre compte."],
    ['fulfilled', 'fr', 'Vous avez été désinscrit de toutes nos listes.'],
    ['fulfilled', 'fr', 'Le lien de téléchargement est valable 7 jours.'],
    ['fulfilled', 'sv', 'Din begäran är nu genomförd och vi har anonymiserat dina uppgifter.'],
    ['fulfilled', 'sv', 'Registerutdraget hittar du som bilaga. Länken är giltig i sju dagar.'],
    ['fulfilled', 'es', 'Hemos tramitado su solicitud de supresión y sus datos han sido anonimizados.'],
    ['fulfilled', 'es', 'Le adjuntamos el archivo; el enlace de descarga caduca en 7 días.'],
    ['fulfilled', 'es', 'Hemos procedido a la cancelación de su cuenta.'],
    ['fulfilled', 'ja', 'ご依頼いただいた退会手続きが完了いたしました。'],
    ['fulfilled', 'ja', 'お客様の会員情報を消去しました。'],
    // denied
    ['denied', 'en', 'We have no record of any account under that email address.'],
    ['denied', 'en', 'Our search returned no matching account for the details you gave.'],
    ['denied', 'en', 'We must decline your request, as it has been made by an agent we cannot verify.'],
    [
      'denied',
      'en',
      'We are not in a position to grant this request because the CCPA only applies to California residents.',
    ],
    ['denied', 'en', 'We are required by law to retain these records under anti-money laundering regulations.'],
    ['denied', 'de', 'Zu Ihrer E-Mail-Adresse liegen uns keine Daten vor.'],
    ['denied', 'de', 'Ihr Antrag wird daher abgelehnt, da wir handelsrechtlich zur Aufbewahrung verpflichtet sind.'],
    ['denied', 'de', 'Leider konnten wir unter dieser Adresse kein Kundenkonto finden.'],
    ['denied', 'fr', 'Vous ne figurez pas dans nos fichiers clients.'],
    ['denied', 'fr', 'Nous ne sommes pas en mesure de donner suite à votre demande, qui est irrecevable.'],
    ['denied', 'fr', "Faute de justificatif, votre identité n'a pas pu être vérifiée."],
    ['denied', 'sv', 'Du finns inte i våra register och vi har inga personuppgifter om dig.'],
    ['denied', 'sv', 'Vi avslår din begäran eftersom vi enligt bokföringslagen måste spara uppgifterna i sju år.'],
    ['denied', 'es', 'No figura ningún dato suyo en nuestros registros.'],
    ['denied', 'es', 'Su solicitud ha sido denegada porque estamos obligados a conservar los datos.'],
    ['denied', 'ja', 'お客様の登録はございませんでした。該当するアカウントは存在しません。'],
    ['denied', 'ja', '誠に恐縮ですが、ご要望にお応えできません。法令に基づく保存義務があるためです。'],
    // wrong_channel
    [
      'wrong_channel',
      'en',
      'Privacy requests must be submitted through our online portal at https://x.example/privacy.',
    ],
    [
      'wrong_channel',
      'en',
      'We only accept requests via our Privacy Center. This mailbox is not monitored for privacy requests.',
    ],
    [
      'wrong_channel',
      'en',
      'Please resend your request to privacy@x.example; this inbox is not the right channel for it.',
    ],
    [
      'wrong_channel',
      'de',
      'Datenschutzanfragen bearbeiten wir ausschließlich über unser Online-Formular. Dieses Postfach wird nicht überwacht.',
    ],
    [
      'wrong_channel',
      'de',
      'Stellen Sie Ihren Antrag bitte über das Formular in Ihrem Kundenkonto; wir sind hierfür nicht zuständig.',
    ],
    [
      'wrong_channel',
      'fr',
      "Les demandes doivent être déposées uniquement via notre portail. Cette adresse n'est pas le bon canal.",
    ],
    ['wrong_channel', 'sv', 'Begäran måste göras via vårt webbformulär. Den här inkorgen bevakas inte.'],
    [
      'wrong_channel',
      'es',
      'Las solicitudes deben presentarse únicamente a través del formulario web. Este buzón no gestiona solicitudes.',
    ],
    ['wrong_channel', 'ja', '電子メールでのご請求は受け付けておりません。下記のURLからお手続きください。'],
    // information_requested
    [
      'information_requested',
      'en',
      'To locate your records we need some additional information. Which email address did you use to sign up?',
    ],
    ['information_requested', 'en', 'We are unable to proceed until you provide a copy of a government-issued ID.'],
    [
      'information_requested',
      'de',
      'Zur Prüfung Ihrer Identität benötigen wir eine Ausweiskopie. Wir bitten um Zusendung.',
    ],
    [
      'information_requested',
      'fr',
      'Pourriez-vous nous indiquer votre numéro client ? Un justificatif est nécessaire pour traiter votre demande.',
    ],
    [
      'information_requested',
      'sv',
      'För att kunna hantera ärendet behöver vi en kopia av din legitimation. Skicka in den här.',
    ],
    [
      'information_requested',
      'es',
      'Necesitamos que nos envíe una copia de su DNI. Le rogamos que nos indique también su dirección.',
    ],
    ['information_requested', 'ja', '本人確認のため、運転免許証の写しのご送付をお願いいたします。'],
    // extension
    [
      'extension',
      'en',
      "We won't be able to respond within the original one-month period and are taking the additional two months the law allows.",
    ],
    [
      'extension',
      'de',
      'Wir können die Monatsfrist leider nicht einhalten, da die Bearbeitung mehr Zeit in Anspruch nimmt.',
    ],
    [
      'extension',
      'fr',
      'Votre demande nécessite davantage de temps : nous ne pourrons pas vous répondre dans le délai initial.',
    ],
    ['extension', 'sv', 'Ditt ärende tar längre tid än väntat och vi förlänger svarstiden med två månader.'],
    ['extension', 'es', 'Su solicitud requiere más tiempo; no podremos responder dentro del plazo de un mes.'],
    ['extension', 'ja', '回答期限内にご回答することが困難なため、回答期限を延長させていただきます。'],
    // acknowledgement
    [
      'acknowledgement',
      'en',
      'Your request has been successfully submitted and our privacy team will respond within 30 days.',
    ],
    ['acknowledgement', 'de', 'Wir haben Ihre Anfrage erhalten und werden sie innerhalb eines Monats beantworten.'],
    ['acknowledgement', 'fr', 'Votre demande a bien été enregistrée. Nous vous répondrons dans un délai d’un mois.'],
    ['acknowledgement', 'sv', 'Ditt ärende har kommit in och du får svar inom 30 dagar.'],
    ['acknowledgement', 'es', 'Hemos recibido correctamente su solicitud y le responderemos en un plazo de un mes.'],
    ['acknowledgement', 'ja', 'ご請求を確かに受領いたしました。1か月以内にご回答いたします。'],
    // bounce, auto_reply, unrelated
    ['bounce', 'en', 'Your message was rejected: recipient not found.'],
    ['bounce', 'fr', "Votre message n'a pas pu être remis : destinataire inconnu."],
    ['bounce', 'es', 'No se ha podido entregar el mensaje: buzón inexistente.'],
    ['bounce', 'ja', '宛先不明のため送信できませんでした。'],
    ['auto_reply', 'de', 'Ich bin bis 3. Mai nicht erreichbar. Ab dem 4. Mai bin ich wieder im Büro.'],
    ['auto_reply', 'sv', 'Jag är ledig och tillbaka den 4 maj.'],
    ['auto_reply', 'es', 'Estaré fuera hasta el lunes; regresaré el día 4.'],
    ['unrelated', 'fr', 'Votre mot de passe a été modifié. Si ce n’est pas vous, contactez-nous.'],
    ['unrelated', 'sv', 'Tack för din beställning! Du kan följa paketet med sändningsnumret.'],
    ['unrelated', 'de', 'Vielen Dank für Ihre Buchung. Im Anhang finden Sie Ihre Fahrkarte.'],
    [
      'fulfilled',
      'en',
      'Your data file is attached. The information we hold about you is set out in the attached spreadsheet.',
    ],
    ['fulfilled', 'en', 'We have stopped selling your personal information and your preference has been applied.'],
    ['fulfilled', 'de', 'Die Löschung ist heute erfolgt; Ihre Daten sind nicht mehr bei uns gespeichert.'],
    ['fulfilled', 'de', 'Die Auskunft finden Sie im Anhang dieser E-Mail.'],
    ['fulfilled', 'fr', "L'effacement a été effectué et vos données ne figurent plus dans nos fichiers."],
    ['fulfilled', 'sv', 'Raderingen är nu genomförd och dina uppgifter finns inte längre hos oss.'],
    ['fulfilled', 'es', 'La supresión se ha realizado y sus datos ya no constan en nuestros sistemas.'],
    ['fulfilled', 'ja', 'ご依頼の通り、メールマガジンの配信を停止しました。'],
    [
      'wrong_channel',
      'en',
      'This address does not accept incoming email. You can exercise your rights through our privacy page.',
    ],
    [
      'wrong_channel',
      'de',
      'Datenschutzanfragen richten Sie bitte an datenschutz@beispiel.example; dieses Postfach wird nicht überwacht.',
    ],
    ['wrong_channel', 'fr', 'Pour exercer vos droits, écrivez à dpo@exemple.example.'],
    [
      'wrong_channel',
      'sv',
      'Mejla din begäran till dataskydd@exempel.example. För att utöva dina rättigheter, logga in på Mina sidor.',
    ],
    ['wrong_channel', 'es', 'Para ejercer sus derechos, escriba a privacidad@ejemplo.example.'],
    ['wrong_channel', 'ja', 'お手数ですが、専用フォームからお手続きください。'],
    [
      'denied',
      'en',
      'We act as a data processor for your employer and are not the controller, so we cannot act on this request.',
    ],
    ['denied', 'de', 'Wir handeln lediglich als Auftragsverarbeiter und können Ihrem Antrag nicht stattgeben.'],
    [
      'denied',
      'fr',
      'Nous agissons en tant que sous-traitant et ne sommes pas en mesure de donner suite à votre demande.',
    ],
    ['denied', 'sv', 'Vi agerar endast som personuppgiftsbiträde och kan tyvärr inte tillmötesgå din begäran.'],
    ['denied', 'es', 'Actuamos como encargado del tratamiento, por lo que no podemos atender su solicitud.'],
    ['denied', 'ja', '弊社は委託先として個人データを取り扱っており、開示請求には応じかねます。'],
    [
      'information_requested',
      'en',
      'Please confirm your email address: click the link below to verify it before we can proceed.',
    ],
    ['extension', 'en', 'Due to the complexity of your request we need an extension and will respond by 30 June 2026.'],
    ['extension', 'de', 'Aufgrund der Vielzahl von Anfragen verlängern wir die Frist um zwei Monate.'],
    ['extension', 'fr', 'En raison du nombre de demandes, le délai de réponse est prolongé de deux mois.'],
    ['extension', 'sv', 'På grund av det stora antalet förfrågningar förlänger vi svarstiden med två månader.'],
    ['extension', 'es', 'Debido a la complejidad de su solicitud, ampliamos el plazo en dos meses.'],
    ['extension', 'ja', 'ご請求が多数のため、回答期限を延長させていただきます。'],
    ['wrong_channel', 'de', 'Datenschutzanfragen nehmen wir ausschließlich über unser Online-Formular entgegen.'],
    ['wrong_channel', 'fr', 'Nous ne traitons pas les demandes par e-mail : merci de passer par notre formulaire.'],
    ['wrong_channel', 'es', 'No atendemos solicitudes por correo electrónico; utilice el formulario de nuestra web.'],
    ['wrong_channel', 'sv', 'Vi tar inte emot förfrågningar via mejl. Använd formuläret på vår webbplats.'],
    ['denied', 'de', 'Aufgrund laufender Ermittlungen können wir Ihnen derzeit keine Auskunft erteilen.'],
    ['denied', 'en', 'After review we have decided not to comply with this request, as it is manifestly unfounded.'],
    ['denied', 'es', 'Hemos decidido no atender su solicitud porque no es residente de California.'],
    ['information_requested', 'en', "We'd be grateful if you could send us the email address on your account."],
    [
      'extension',
      'de',
      'Die Bearbeitung wird voraussichtlich bis zum 30. Juni 2026 dauern; wir verlängern die Frist entsprechend.',
    ],
    ['fulfilled', 'de', 'Wir haben Ihren Antrag wie gewünscht umgesetzt und alle Daten gelöscht.'],
  ])('when a %s reply in %s says it in other words, then it is classified so (%s)', (cls, lang, text) => {
    const c = classifyReply(reply(text));
    expect(c.class).toBe(cls);
    expect(c.language).toBe(lang);
    for (const e of c.evidence.filter((x) => !x.source)) expect(text.slice(e.start, e.end).trim()).toBe(e.phrase);
  });

  test.each<[ReplyClass, string]>([
    // an access response lists the retention periods (GDPR Art. 15(1)(d)): not a part kept back
    ['fulfilled', "Vous trouverez ci-joint l'ensemble des données vous concernant, avec leur durée de conservation."],
    ['fulfilled', 'Le remitimos adjunto un documento con sus datos personales y los plazos de conservación.'],
    // a secure link to upload an ID is not a download
    [
      'information_requested',
      'Please upload a photo of your ID through this secure link so that we can verify your identity.',
    ],
    // a ticket attached to a booking confirmation is not a data export
    ['unrelated', 'Vielen Dank für Ihre Buchung. Im Anhang finden Sie Ihre Fahrkarte.'],
    ['unrelated', 'Your password was changed. If this was not you, contact support.'],
    // a Japanese form link that leads to a download is the data, not the wrong channel
    ['fulfilled', '以下のURLからダウンロードいただけます。ダウンロード期限は14日間です。'],
  ])('when a phrase could mislead (%s), then the reply keeps its class: %s', (cls, text) => {
    expect(classifyReply(reply(text)).class).toBe(cls);
  });

  test('when one new phrase alone says an automatic class, then it stays below the 0.80 auto-apply threshold', () => {
    for (const text of [
      'We have no record of you.',
      'Your request is now complete.',
      'Requests must be submitted through our online portal.',
    ]) {
      const c = classifyReply(reply(text));
      expect(c.evidence).toHaveLength(1);
      expect(c.confidence).toBeLessThan(0.8);
    }
  });
});

describe('a best guess when no rule matches', () => {
  test.each<[ReplyClass, string]>([
    ['fulfilled', 'Done, everything we have on you is attached.'],
    ['wrong_channel', 'Hi, for this kind of thing there is a form on our site.'],
    ['denied', 'Leider ist das so nicht machbar.'],
    ['information_requested', 'Wir brauchen noch einen Nachweis.'],
  ])('when only weak words point to %s, then it is the guess at a confidence of at most 0.45 (%s)', (cls, text) => {
    const c = classifyReply(reply(text));
    expect(c.class).toBe(cls);
    expect(c.confidence).toBeLessThanOrEqual(0.45);
    expect(c.evidence.length).toBeGreaterThan(0);
    for (const e of c.evidence) expect(text.slice(e.start, e.end)).toBe(e.phrase);
  });

  test('when the weak words of two classes are as many, then the confidence is the lowest guess', () => {
    const c = classifyReply(reply('Unfortunately the form is attached.'));
    expect(c.confidence).toBe(0.25);
  });
});

describe("phrasings generalized from the third author's tuning batch (v01-v60)", () => {
  test.each<[ReplyClass, string, string]>([
    [
      'acknowledgement',
      'en',
      'Your request is in our queue as ticket #4411; a member of the team will pick it up shortly. Requests are handled in the order they were received.',
    ],
    [
      'acknowledgement',
      'sv',
      'Ditt ärende har fått nummer 5512 och ligger nu hos vårt kundteam. Vi hör av oss så snart vi kan.',
    ],
    [
      'acknowledgement',
      'de',
      'Ihre Anfrage ist bei uns eingegangen und wird in der Reihenfolge des Eingangs bearbeitet.',
    ],
    ['acknowledgement', 'es', 'Hemos recibido su solicitud; las atendemos por orden de llegada.'],
    [
      'information_requested',
      'es',
      'Le adjuntamos un modelo de autorización. Necesitamos que nos lo devuelva firmado junto con una copia de su DNI.',
    ],
    [
      'information_requested',
      'de',
      'Anbei finden Sie ein Formular für die Vollmacht. Bitte senden Sie es unterschrieben zurück.',
    ],
    [
      'information_requested',
      'sv',
      'Vi behöver kunna identifiera dig. Skriv ditt personnummer i ett svar på det här mejlet.',
    ],
    [
      'information_requested',
      'en',
      'Please complete the enclosed authorisation form and return it to us with a copy of your passport.',
    ],
    [
      'extension',
      'fr',
      'Nous nous voyons contraints de reporter notre réponse de deux mois, comme le permet l’article 12, paragraphe 3, du RGPD.',
    ],
    ['extension', 'es', 'Debemos aplazar nuestra respuesta: el plazo se prorroga dos meses adicionales.'],
    ['extension', 'de', 'Unsere Antwort verzögert sich: wir verlängern die Frist um zwei Monate.'],
    [
      'partially_fulfilled',
      'es',
      'Le adjuntamos un primer fichero con sus datos. El resto se lo enviaremos en cuanto lo recibamos del proveedor.',
    ],
    [
      'partially_fulfilled',
      'sv',
      'Vi har raderat ditt konto. Din pågående reklamation kan vi dock inte radera ännu, den sparas tills ärendet är avslutat.',
    ],
    [
      'partially_fulfilled',
      'en',
      'Attached is a first file with your order history; we will send the rest as soon as our supplier provides it.',
    ],
    [
      'denied',
      'fr',
      "Vous n'êtes pas cliente de notre société et nous ne sommes donc pas en mesure de donner suite à votre demande.",
    ],
    [
      'denied',
      'es',
      'Los derechos de la CCPA corresponden únicamente a los residentes de California; usted reside en Florida, por lo que no podemos tramitar la solicitud.',
    ],
    [
      'denied',
      'de',
      'Da uns die angeforderten Angaben bis heute nicht vorliegen, lehnen wir den Antrag ab und haben den Vorgang geschlossen.',
    ],
    [
      'denied',
      'en',
      'We did not receive the requested ID, so we have closed your request and are unable to process it.',
    ],
    [
      'wrong_channel',
      'de',
      'Anfragen zum Datenschutz können wir über dieses Postfach leider nicht bearbeiten. Bitte senden Sie Ihr Schreiben erneut an datenschutz@beispiel.example.',
    ],
    [
      'unrelated',
      'sv',
      'Någon har bett om att få återställa lösenordet. Klicka på länken för att välja ett nytt lösenord. Länken gäller i 60 minuter.',
    ],
    [
      'unrelated',
      'de',
      'Leider verzögert sich der Versand deiner Bestellung um einige Tage. Die Sendungsnummer schicken wir dir per Mail.',
    ],
  ])('when a %s reply in %s says it, then it is classified so (%s)', (cls, lang, text) => {
    const c = classifyReply(reply(text));
    expect(c.class).toBe(cls);
    expect(c.language).toBe(lang);
  });

  test.each<[ReplyClass, string]>([
    [
      'acknowledgement',
      'We have received your request and will respond within 45 days. In rare cases that period can be extended once by another 45 days; we would tell you first.',
    ],
    [
      'information_requested',
      'Pourriez-vous nous transmettre un justificatif de domicile ? À défaut de réponse de votre part, nous ne serons pas en mesure de donner suite à votre demande.',
    ],
    [
      'information_requested',
      'Please send a copy of your passport. If we do not receive it within 30 days, we will close your request.',
    ],
  ])(
    'when an extension or a refusal is only a possibility ("if", "can be extended"), then it does not decide (%s)',
    (cls, text) => {
      expect(classifyReply(reply(text)).class).toBe(cls);
    },
  );

  test.each([
    [
      'Bitte senden Sie uns eine Kopie Ihres Personalausweises (Vorder- und Rückseite; nicht benötigte Angaben können Sie schwärzen) sowie Ihr Geburtsdatum.',
      ['date_of_birth', 'government_id'],
    ],
    [
      'Bitte senden Sie uns eine Kopie Ihres Reisepasses. Sie dürfen alle Angaben außer Name, Anschrift und Geburtsdatum schwärzen.\n • Ihre Kundennummer',
      ['customer_number', 'government_id'],
    ],
    [
      '本人確認書類の写し（運転免許証、パスポートのいずれか）をお送りください。\n※マイナンバーカードの裏面（個人番号）はお送りにならないようお願いいたします。',
      ['government_id'],
    ],
  ])('when a reply names an item only to say it is not wanted, then it is not requested: %s', (text, items) => {
    const c = classifyReply(reply(text));
    expect(c.class).toBe('information_requested');
    expect(c.extracted.requested_items).toEqual(items);
  });

  test('when an extension gives a reason that is neither complexity nor volume, then the reason is other', () => {
    const c = classifyReply(
      reply('Debido al traslado de nuestros sistemas, el plazo queda ampliado en dos meses adicionales.'),
    );
    expect(c).toMatchObject({ class: 'extension', extracted: { reason: 'other', extension_months: 2 } });
  });
});

describe('classes that act automatically are conservative', () => {
  test('when one phrase alone says it, then an automatic class stays below the 0.80 auto-apply threshold', () => {
    // one phrase and a link: 0.80 by weight alone
    const c = classifyReply(reply('Please use our web form: https://x.example/privacy-form'));
    expect(c.class).toBe('wrong_channel');
    expect(c.evidence).toHaveLength(1);
    expect(c.confidence).toBeLessThan(0.8);
  });

  test('when a "done" message says "except" or "however", then it stays below 0.80; without it, it does not', () => {
    const done =
      'Please find attached a copy of the personal data we hold about you. This completes your request. Here is your data.';
    expect(classifyReply(reply(done)).confidence).toBeGreaterThanOrEqual(0.8);
    const except = classifyReply(reply(`${done} However, some call notes are not part of this file.`));
    expect(except.confidence).toBeLessThan(0.8);
  });
});
