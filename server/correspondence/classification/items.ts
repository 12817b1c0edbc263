/**
 * What a vendor asks the consumer for, by the words it uses in each language. The codes are the vocabulary of
 * `ReplyExtraction.requested_items`.
 */
import { compile } from './patterns';

const REQUESTED_ITEMS = [
  'government_id',
  'national_id_number',
  'electronic_id',
  'photo',
  'account_email',
  'account_login',
  'phone',
  'address',
  'proof_of_residence',
  'date_of_birth',
  'full_name',
  'customer_number',
  'signed_authorization',
  'payment_card',
] as const;
export type RequestedItem = (typeof REQUESTED_ITEMS)[number];

const SOURCES: Record<RequestedItem, string[]> = {
  government_id: [
    `\\b(government[- ]issued|photo|valid) (photo )?(ID|identification)\\b|\\bpassport\\b|\\bdriv(ing|er's|ers) licen[cs]e\\b|\\bidentity (card|document)\\b|\\bID card\\b|\\bcopy of (your |her |his )?ID\\b|\\bphoto of (your |her |his )?ID\\b`,
    `\\bPersonalausweis\\p{L}*|\\bAusweis\\p{L}*|\\bReisepass\\p{L}*|\\bFührerschein\\p{L}*|\\bIdentitätsnachweis\\p{L}*`,
    `\\bpièce d'identité\\b|\\bcarte d'identité\\b|\\bpasseport\\b|\\bpermis de conduire\\b`,
    `\\bid-handling\\p{L}*|\\blegitimation\\b|\\bkörkort\\p{L}*`,
    `\\bDNI\\b|\\bNIE\\b|\\bpasaporte\\b|\\bdocumento (nacional )?de identidad\\b|\\bcarné de conducir\\b`,
    `本人確認書類|運転免許証|マイナンバーカード|パスポート|健康保険証|在留カード`,
  ],
  national_id_number: [
    `\\bsocial security number\\b|\\bSSN\\b|\\bnational (insurance|identity) number\\b`,
    `\\bSteuer-?ID\\b|\\bSozialversicherungsnummer\\b`,
    `\\bnuméro de sécurité sociale\\b`,
    `\\bpersonnummer\\p{L}*`,
    `\\bnúmero de la seguridad social\\b`,
    `マイナンバー(?!カード)|個人番号`,
  ],
  electronic_id: [`\\bBankID\\b|\\be-?ID\\b|\\bFranceConnect\\b|\\bOnline-Ausweis\\p{L}*|\\bCl@ve\\b`],
  photo: [
    `\\bselfie\\b|\\bphoto of yourself\\b|\\bFoto von (Ihnen|dir)\\b|\\bphoto de vous\\b|\\bfoto de (usted|ti)\\b|顔写真|セルフィー`,
  ],
  account_email: [
    `\\be-?mail( address)?\\b{g}\\b(registered|associated|linked|used|on (your|her|his|the) account|you (used|signed up))|\\b(registered|account) e-?mail( address)?\\b|\\be-?mail address used to sign up\\b`,
    `\\bE-Mail-Adresse\\b{G}\\b(registriert|angemeldet|hinterlegt|Kundenkonto)\\b`,
    `\\badresse (e-mail|électronique|mail)\\b{g}\\b(associée|liée|utilisée|de votre compte)`,
    `\\be-?postadress\\p{L}*\\b{G}\\b(konto|registrerad|kopplad)\\p{L}*`,
    `\\bcorreo electrónico\\b{g}\\b(asociado|registr\\p{L}*|vinculado|de (su|tu) cuenta)\\b`,
    `(ご)?登録(の|済みの)?メールアドレス`,
  ],
  account_login: [
    `\\b(log|sign) ?in to (your|the)\\b{g}\\baccount\\b|\\b(log|sign) into your\\b`,
    `\\bloggen Sie sich\\b|\\beinloggen\\b|\\bmelden Sie sich\\b{g}\\ban\\b`,
    `\\bconnectez-vous\\b`,
    `\\blogga in\\b`,
    `\\binici(e|a) sesión\\b`,
    `ログインして`,
  ],
  phone: [
    `\\b(phone|telephone|mobile) number\\b`,
    `\\b(Telefon|Handy|Mobil)(funk)?nummer\\b`,
    `\\bnuméro de (téléphone|portable|mobile)\\b`,
    `\\b(telefon|mobil)nummer\\p{L}*`,
    `\\b(número de )?teléfono\\b`,
    `電話番号`,
  ],
  address: [
    `(?<!(e-?mail|e-mail|IP|web|proof of|MAC) )\\b(postal |home |current |residential |mailing |previous )address(es)?\\b|\\byour address\\b|\\b(billing )?(postcode|post code|zip code|postal code)\\b|\\bthe address (you|where you)\\b`,
    `\\b(Anschrift|Postanschrift|Wohnadresse|Lieferadresse)\\b`,
    `\\badresse (postale|du point de consommation|de livraison|de facturation)\\b|\\bvotre adresse (postale|actuelle)\\b`,
    `(?<!-)\\b(folkbokföringsadress|postadress|hemadress|bostadsadress)\\b`,
    `(?<!justificante de )\\b(dirección postal|domicilio)\\b`,
    `住所`,
  ],
  proof_of_residence: [
    `\\bproof of (address|residence|residency)\\b|\\butility bill\\b`,
    `\\bMeldebescheinigung\\b|\\bWohnsitznachweis\\b`,
    `\\bjustificatif de domicile\\b`,
    `\\bfolkbokföringsintyg\\b|\\bpersonbevis\\b`,
    `\\bjustificante de domicilio\\b|\\bcertificado de empadronamiento\\b`,
    `住民票`,
  ],
  date_of_birth: [
    `\\bdate of birth\\b|\\bbirth ?date\\b|\\bDOB\\b|\\bGeburtsdatum\\b|\\bdate de naissance\\b|\\bfödelsedatum\\b|\\bfecha de nacimiento\\b|生年月日`,
  ],
  full_name: [
    `\\bfull name\\b|\\bvollständigen? Namen?\\b|\\bnom complet\\b|\\bnom et prénom\\b|\\bfullständigt namn\\b|\\bnombre completo\\b|氏名`,
  ],
  customer_number: [
    `\\b(customer|account|policy|order|membership|contract) (number|reference|ID|no\\.?)\\b|\\bcustomer reference\\b`,
    `\\b(Kunden|Bestell|Vertrags|Mitglieds|Versicherungs|Auftrags)nummer\\b`,
    `\\bnuméro (de )?(client|commande|contrat|adhérent)\\b|\\bréférence client\\b`,
    `\\b(kund|order|avtals|medlems)nummer\\b`,
    `\\bnúmero de (cliente|pedido|contrato|socio|póliza)\\b`,
    `(お客様|会員|注文|契約)番号`,
  ],
  payment_card: [
    `\\blast (four|4) digits\\b|\\bcard number\\b|\\bletzten (vier|4) (Ziffern|Stellen)\\b|\\b(quatre|4) derniers chiffres\\b|\\b(fyra|4) sista siffrorna\\b|\\búltimos (cuatro|4) dígitos\\b|下4桁|カード番号`,
  ],
  signed_authorization: [
    `\\bsigned (authori[sz]ation|permission|consent|mandate)\\b|\\bpower of attorney\\b|\\bletter of authority\\b|\\bauthori[sz]ation (form|letter)\\b`,
    `\\bVollmacht\\b`,
    `\\bmandat (signé)?\\b|\\bprocuration\\b`,
    `\\bfullmakt\\p{L}*`,
    `\\bautorización firmada\\b|\\bpoder (notarial|firmado)\\b|\\bdocumento de representación\\b`,
    `委任状`,
  ],
};

export const ITEM_RULES: readonly { item: RequestedItem; re: RegExp }[] = REQUESTED_ITEMS.map((item) => ({
  item,
  re: compile(SOURCES[item].join('|')),
}));
