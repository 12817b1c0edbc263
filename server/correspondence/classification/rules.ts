/**
 * The class rules: phrases that say what a vendor's message means, per class and language, each with a weight
 * (3 = says it outright, 2 = a strong sign, 1 = a hint that only counts with others). Denial rules carry the reason
 * they state. The shorthands (\b, {G}, {g}) are explained in `patterns.ts`.
 */
import { compile } from './patterns';
import { PHRASINGS } from './phrasings';
import type { ReplyClass } from './types';

export type Lang = 'en' | 'de' | 'fr' | 'sv' | 'es' | 'ja';

/** Denial reasons, then the reasons an extension notice gives (GDPR Art. 12(3): complexity, number of requests). */
export type ReasonCode =
  | 'no_data_found'
  | 'not_verified'
  | 'exemption'
  | 'not_a_resident'
  | 'not_a_customer'
  | 'excessive'
  | 'complexity'
  | 'number_of_requests'
  | 'other';

export interface ClassRule {
  id: string;
  cls: ReplyClass;
  lang: Lang;
  weight: number;
  re: RegExp;
  reason?: ReasonCode;
}

type Row = [name: string, weight: number, source: string, reason?: ReasonCode];
export type Table = Partial<Record<ReplyClass, Partial<Record<Lang, Row[]>>>>;

const NOT = "(?<!(?:not|n't|unable to|never) )";

const TABLE: Table = {
  acknowledgement: {
    en: [
      [
        'received',
        2,
        `\\b(we|I)('ve| have) (now |safely )?received your (request|email|e-mail|message|letter|enquiry|inquiry|subject access request|\\p{L}+ request)`,
      ],
      [
        'confirm_receipt',
        2,
        `\\b(confirm(ation)?|confirming) (that )?(we have received|(the )?receipt of|that your)|\\backnowledge (the )?receipt|\\bwe acknowledge (receipt|your)|\\bthis is an? (automatic |automated )?confirmation`,
      ],
      [
        'logged',
        2,
        `\\b(request|ticket|case|enquiry|inquiry)\\b{g}\\b(has been|was|have been) (logged|created|received|registered|opened|passed)`,
      ],
      ['reference', 1, `\\b(ticket|case|reference|request) (number|no\\.|id)\\b|\\bticket #`],
      [
        'will_respond',
        1,
        `\\b(we will|we'll|will) (be in touch|get back to you|respond|reply|review|contact you|provide our response)|\\baims? to respond`,
      ],
      [
        'got_it',
        2,
        `\\b(we've|we have) got (it|your (request|message|email))\\b|\\b(request|ticket|case)\\b{g}\\bis (now )?open\\b`,
      ],
      [
        'reviewing',
        1.5,
        `\\b(is being|are currently|we are|we're) (currently )?(reviewed|reviewing|looking into|processing)\\b`,
      ],
      [
        'forwarded',
        2,
        `\\b(your|this) (request|email|message|enquiry|inquiry) has been (forwarded|passed|escalated|assigned|referred) to\\b|\\bwe are (looking into|working on) (this|it|your request)\\b|\\bwe will look into\\b`,
      ],
      [
        'passed_to',
        2,
        `\\b(has|have) been (forwarded|passed|escalated|referred) (on )?to\\b|\\byou (should|will) hear (back )?from\\b`,
      ],
      [
        'progress',
        1,
        `\\b(usually|normally|typically) (reply|respond|answer)\\b|\\b(follow|track) (its|the|your request's) progress\\b`,
      ],
    ],
    de: [
      [
        'eingang',
        2,
        `\\bbestätigen\\b{g}\\bEingang|\\bEingangsbestätigung|\\b(ist|sind|wurde) (bei uns )?eingegangen|\\bhaben\\b{G}\\b(erhalten|empfangen)\\b`,
      ],
      [
        'pruefen',
        1.5,
        `\\bwird (derzeit |aktuell )?(geprüft|bearbeitet)\\b|\\bprüfen (derzeit |gerade )?Ihr(e|en)? (Anliegen|Anfrage|Antrag)\\b`,
      ],
      ['liegt_vor', 2, `\\bliegt uns (nun |jetzt |bereits )?vor\\b|\\b(kümmern uns|geben Ihnen Bescheid)\\b`],
      [
        'weitergeleitet',
        2,
        `\\b(Anfrage|Anliegen|Nachricht|Schreiben|Antrag)\\b{g}\\b(wurde|ist)\\b{g}(?<!nicht )\\bweitergeleitet\\b|\\bin Bearbeitung\\b`,
      ],
      ['nummer', 1, `\\b(Ticketnummer|Vorgangsnummer|Ticket#|Aktenzeichen|Vorgangs-Nr|Ticket-Nr)`],
      [
        'melden',
        1,
        `\\bwerden\\b{G}\\b(bearbeiten|beantworten|melden)|\\bSie erhalten (eine|unsere) Antwort|\\bleiten\\b{G}\\bweiter\\b|\\bschnellstmöglich\\b`,
      ],
    ],
    fr: [
      [
        'reception',
        2,
        `\\baccus(ons|é|ons bonne|ons bien) (bonne )?réception|\\bbien (été )?(reçu|reçue|enregistrée?|prise? en compte)\\b|\\bavons reçu votre`,
      ],
      ['numero', 1, `\\bnuméro de (dossier|ticket|demande|suivi)\\b|\\bdemande n° ?\\d|\\bsous le numéro\\b`],
      [
        'repondra',
        1,
        `\\b(répondra|répondrons|revien(dra|drons) vers vous|prendra en charge)\\b|\\bdans les meilleurs délais\\b`,
      ],
      [
        'parvenu',
        2,
        `\\bnous est (bien )?parvenu\\p{L}*|\\b(étudie|examine|traite|étudions|examinons|traitons) (actuellement )?votre demande\\b`,
      ],
      [
        'transmise',
        2,
        `\\b(demande|message|courrier) a été (transmise?|transféré\\p{L}*)\\b|\\ben cours de traitement\\b|\\bnous revenons vers vous\\b`,
      ],
    ],
    sv: [
      [
        'mottagit',
        2,
        `\\b(har )?(tagit emot|mottagit|fått) (din|ditt|er|ert) (begäran|mejl|e-post|e-postmeddelande|meddelande|ärende|förfrågan|brev|ansökan|skrivelse)\\b|\\bbekräftelse på att vi\\b`,
      ],
      ['arende', 1, `\\bärendenummer\\b|\\bärende(nr|-nr)\\b`],
      ['aterkommer', 1, `\\båterkommer\\b|\\bbesvarar (normalt )?ärenden`],
      ['registrerad', 2, `\\b(är|har) (nu )?registrera(d|ts)\\b|\\bhandläggs\\b`],
      [
        'vidare',
        2,
        `\\b(ärende|begäran|mejl)\\p{L}* har (skickats|lämnats) vidare\\b|\\b(ärende|begäran)\\p{L}* behandlas\\b`,
      ],
      ['svar_inom', 1, `\\bdu får (ett )?svar\\b`],
    ],
    es: [
      ['recibido', 2, `\\b(hemos|ha sido|se ha) recibid[oa]\\b|\\bacusamos recibo\\b|\\bconfirmamos (la )?recepción`],
      ['revisando', 1.5, `\\b(estamos revisando|está siendo revisada|en trámite|estamos tramitando)\\b`],
      ['quedado', 2, `\\bha quedado registrad[oa]\\b|\\bnos pondremos en contacto\\b`],
      [
        'trasladada',
        2,
        `\\b(trasladad|remitid|derivad|enviad)[oa]s? al (departamento|equipo|área)\\b|\\bsolicitud (está|se encuentra) en (curso|proceso|trámite)\\b`,
      ],
      ['registrado', 1, `\\b(ha sido|hemos|queda) registrad[oa]\\b|\\bremitida al departamento`],
      ['numero', 1, `\\bn[úu]mero de (caso|ticket|solicitud|expediente|referencia|incidencia)\\b`],
      [
        'responderemos',
        1,
        `\\b(le|te) (responderemos|contestaremos|daremos respuesta)\\b|\\brecibirá (una )?respuesta\\b|\\blo antes posible\\b`,
      ],
    ],
    ja: [
      [
        'uketsuke',
        2,
        `受け付け(ました|いたしました|ております)|受付(いた)?しました|承りました|受領(いた)?しました|確かに承り`,
      ],
      ['bango', 1, `(受付|お問い合わせ|問い合わせ|問合せ)番号`],
      ['renraku', 1, `(ご連絡|ご回答|回答)(いた)?します|お待ちください|ご回答申し上げます`],
      ['hikitsugi', 1.5, `担当(部署|者)(へ|に)(申し伝え|引き継ぎ|共有)|確認(いた)?します`],
    ],
  },

  information_requested: {
    en: [
      [
        'please_provide',
        2,
        `\\b(please|kindly|could you( please)?|can you( please)?|would you( please)?|we (would )?need you to|we ask that you|we ask you to) (also )?(provide|send|reply with|confirm|upload|supply|forward|attach|let us know|tell us|ask)\\b`,
      ],
      [
        'need_info',
        2,
        `\\b(we|I) (will |would )?(need|require)s? (some |the following |a few |a |an )?(additional |further |more |extra )?(information|details|documents?|proof|copy|photo|you to|to verify)`,
      ],
      [
        'verify',
        2,
        `${NOT}\\b(verify|confirm) (your|the|her|his|their|the requester's) identity|${NOT}\\bverify that (you|this|the)|\\bidentity verification\\b|\\bverification (is )?(needed|required)`,
      ],
      [
        'question',
        1.5,
        `\\bwhat (is|are|was) (your|the)\\b[^!?。\\n]{0,80}\\?|\\bso (that )?we can (match|locate|find|identify|verify)\\b|\\bwithout (these|this|that|them)\\b{g}\\b(can't|cannot|unable|won't)\\b`,
      ],
      [
        'reply_with',
        2,
        `\\bplease (reply|respond)\\b{g}\\bwith\\b|\\b(complete|sign|fill (in|out))\\b{g}\\b(attached|enclosed) (form|declaration|affidavit)\\b`,
      ],
      [
        'before_process',
        1,
        `\\b(before|in order to|so that|until) we (can )?(process|proceed|action|locate|handle|find|respond)|\\bonce (we (have )?receive[d]?|received)\\b|\\bto protect your (account|data|information)|\\bto keep your (information|data) (safe|secure)`,
      ],
    ],
    de: [
      [
        'bitte',
        2,
        `\\bbitte\\b{g}\\b(senden|übersenden|zusenden|schicken|teilen|übermitteln|legen|nennen|bestätigen|reichen|laden)\\b|\\b(Könnten|Können|Würden) Sie uns\\b{G}\\b(mitteilen|senden|zusenden|nennen|schicken|übermitteln)`,
      ],
      [
        'benoetigen',
        2,
        `\\b(benötigen|brauchen) wir (noch|zusätzlich|folgende|Ihre?|eine|einen|von Ihnen)\\b|\\bwir benötigen\\b`,
      ],
      ['sie_uns', 2, `\\b(senden|schicken|übersenden|übermitteln|nennen|teilen|mitteilen|geben) Sie uns\\b`],
      [
        'bitten_sie',
        2,
        `\\bbitten (wir )?Sie\\b{G}\\b(zu senden|zuzusenden|zukommen zu lassen|mitzuteilen|zu übermitteln|nachzureichen|zu bestätigen)\\b|\\bbitte\\b{g}\\b(nachreichen|hochladen|ausfüllen)\\b`,
      ],
      [
        'fehlen',
        2,
        `\\bfehlen uns (noch )?(Angaben|Informationen|Unterlagen|Daten)\\b|\\bwie lautet Ihre\\b|\\bohne diese (Angaben|Unterlagen|Informationen)\\b`,
      ],
      [
        'identitaet',
        1.5,
        `\\bIdentität (zu )?(prüfen|bestätigen|verifizieren|nachweisen)|\\bIdentitätsprüfung\\b|\\bberechtigte(n)? Person\\b|\\bsicherstellen, dass\\b`,
      ],
      [
        'um_zu',
        1,
        `\\bnach Eingang der (Unterlagen|Angaben|Dokumente)|\\bsobald (uns )?(die |diese )?(Unterlagen|Angaben)|\\bum Ihren? (Antrag|Anfrage|Auftrag|Anliegen)\\b{g}\\bbearbeiten zu können|\\bdamit wir\\b{G}\\b(bearbeiten|zuordnen|finden|identifizieren) können`,
      ],
    ],
    fr: [
      [
        'merci_de',
        2,
        `\\b(merci de|veuillez|pourriez-vous|pouvez-vous|nous vous remercions de|nous vous prions de) (bien vouloir )?(nous )?(transmettre|faire parvenir|fournir|envoyer|communiquer|indiquer|adresser|confirmer|préciser|retourner|renvoyer|joindre)\\b`,
      ],
      ['besoin', 2, `\\b(nous avons|avons) besoin (de|d')`],
      ['assurer', 1.5, `\\bnous (devons|devrons) (nous assurer|vérifier|confirmer)\\b`],
      [
        'imperatif',
        2,
        `\\b(indiquez-nous|envoyez-nous|transmettez-nous|communiquez-nous|faites-nous parvenir|précisez-nous|confirmez-nous)\\b`,
      ],
      [
        'invitons',
        2,
        `\\bnous vous invitons à nous (transmettre|faire parvenir|communiquer|envoyer|adresser)\\b|\\bil nous (faudrait|faut)\\b`,
      ],
      [
        'afin_de',
        1.5,
        `\\bafin (de|d') (pouvoir )?(traiter|donner suite|vérifier|identifier)|\\bvérifier votre identité|\\bjustifier de votre identité`,
      ],
      ['sans', 1, `\\bsans ces (éléments|documents|informations)|\\bdès réception\\b`],
    ],
    sv: [
      [
        'vanligen',
        2,
        `\\b(vänligen|var vänlig|kan du|skulle du kunna|vi ber dig|ber vi dig att) (också )?(skicka|bekräfta|ange|lämna|uppge|maila|mejla|komplettera|legitimera)\\b`,
      ],
      ['imperativ', 2, `\\b(skicka|ange|uppge|bekräfta|maila|mejla) (oss|gärna)\\b`],
      ['svara_med', 2, `\\bsvara på (detta|det här) (mejl|e-postmeddelande|meddelande)\\b{g}\\bmed\\b`],
      ['att_du', 2, `\\bbehöver (vi )?att du\\b`],
      [
        'behover',
        2,
        `\\bbehöver (vi )?(verifiera|en kopia|din|ditt|dina|mer information|ytterligare uppgifter|kontrollera)\\b`,
      ],
      [
        'identitet',
        1.5,
        `(?<!inte (har )?kunnat )\\b(verifiera|bekräfta|styrka|säkerställa) (din |er |sin )?identitet`,
      ],
      ['innan', 1, `\\binnan vi kan\\b|\\bför att vi ska kunna\\b`],
    ],
    es: [
      [
        'rogamos',
        2,
        `\\b(le rogamos|rogamos|por favor|le solicitamos|le pedimos|necesitamos que|le agradeceríamos que) (que )?(nos )?(remita|envíe|envie|facilite|proporcione|aporte|indique|confirme|adjunte|mande)\\b`,
      ],
      ['necesitamos', 2, `\\bnecesitamos (verificar|que|una copia|confirmar|su|sus|tu|tus|la|el)\\b`],
      [
        'podrias',
        2,
        `\\b(podrías|podría|puede|puedes|podrían|pueden)\\b{g}\\b(indicarnos|enviarnos|facilitarnos|confirmarnos|remitirnos|decirnos|proporcionarnos|mandarnos)\\b|\\b(indíquenos|indícanos|envíenos|envíanos|facilítenos|facilítanos|confírmenos|confírmanos|remítanos)\\b`,
      ],
      ['identidad', 1.5, `(?<!posible )\\b(verificar|acreditar|comprobar) (su|tu) identidad`],
      [
        'una_vez',
        1,
        `\\buna vez recibid[ao]s?\\b|\\bpara (poder )?(atender|tramitar|gestionar) (su|tu) solicitud|\\bpara (poder )?localizar\\b`,
      ],
    ],
    ja: [
      [
        'teishutsu',
        2,
        `ご提出(いただけ|ください|をお願い|いただく必要)|ご返信(いただけ|ください)|お送りください|ご提供(ください|いただけ)|ご送付(ください|いただけ)|お知らせください|ご教示`,
      ],
      ['honnin', 1.5, `本人(様)?確認(のため|が必要|書類|をさせて)`],
      ['hitsuyo', 1, `必要(となります|がございます|です)|お手続きを進め|手続きを進めさせて`],
    ],
  },

  extension: {
    en: [
      [
        'extend',
        3,
        `\\b(extend|extending|extended|extension)\\b{G}\\b(deadline|period|time|response|timeframe)|\\b(deadline|period|time limit|timeframe|time to respond)\\b{g}\\b(extended|extend)\\b|\\b(notice of extension|extension notice|an extension of)\\b`,
      ],
      ['extend_by', 3, `\\b(extend|extending|extended)\\b{g}\\bby (\\d+|one|two|three|a further|an additional|a)\\b`],
      ['by_latest', 1.5, `\\b(respond|reply|response|answer|hear from us)\\b{G}\\b(no later than|at the latest)\\b`],
      ['more_time', 2, `\\b(need|needs|require|requires|requesting) (more|additional|extra|further) time\\b`],
      [
        'delay',
        2,
        `\\b(delay|delayed) (in )?(responding|our response)\\b|\\bpostpon\\p{L}*|\\bextended (period|deadline|timeframe)\\b`,
      ],
      [
        'additional_days',
        2,
        `\\b(an additional|a further|further|additional) (\\d+|one|two|three|forty-five) (calendar |business )?(days|months|weeks)\\b`,
      ],
    ],
    de: [
      [
        'verlaengern',
        3,
        `\\bverlänger\\p{L}*\\b{G}\\bFrist|\\bFrist\\b{G}\\bverlänger\\p{L}*|\\b(Fristverlängerung|Verlängerung der (Bearbeitungs|Antwort)?frist)`,
      ],
      ['verlaengern_um', 3, `\\bverlänger\\p{L}*\\b{g}\\bum (\\d+|einen|eine|zwei|drei|weitere)\\b`],
      ['mehr_zeit', 2, `\\b(benötigen|brauchen) (wir )?(mehr|weitere|zusätzliche) Zeit|\\bmehr Zeit\\b`],
      ['verzoegerung', 2, `\\bVerzögerung\\b|\\bverschiebt sich\\b`],
      [
        'spaetestens',
        1.5,
        `\\b(bis spätestens|spätestens bis|spätestens am)\\b{G}\\b(melden|antworten|beantworten|Antwort|Auskunft)\\b|\\b(melden|antworten|beantworten|Antwort)\\b{G}\\b(bis spätestens|spätestens bis|spätestens am)\\b`,
      ],
      ['weitere', 2, `\\bum (einen |eine )?weitere(n)? (\\p{L}+ |\\d+ )?(Monat|Monate|Tage|Wochen)\\b`],
      ['nicht_fristgerecht', 1.5, `\\bnicht fristgerecht\\b|\\binnerhalb der (Monats)?frist\\b{G}\\bnicht möglich`],
    ],
    fr: [
      [
        'prolonger',
        3,
        `\\b(délai|durée)\\b{G}\\b(prolongé|prorogé|étendu)|\\b(prolong|prorog)\\p{L}* (le |du |de |notre )?délai|\\bprolongation (du|de) délai`,
      ],
      ['prolonger_de', 3, `\\bprolong\\p{L}*\\b{g}\\bde (\\d+|un|une|deux|trois)\\b`],
      [
        'supplementaires',
        2,
        `\\b(jours|mois|semaines) supplémentaires\\b|\\bdélai supplémentaire\\b|\\bbesoin de (plus de|davantage de) temps`,
      ],
      ['retard', 2, `\\bretard\\b|\\breport (du|de notre) (délai|réponse)\\b`],
      [
        'au_plus_tard',
        1.5,
        `\\b(répondrons|reviendrons vers vous|réponse)\\b{G}\\bau plus tard\\b|\\bau plus tard le\\b{G}\\b(répondr\\p{L}*|réponse)\\b`,
      ],
    ],
    sv: [
      [
        'forlanga',
        3,
        `\\bförläng\\p{L}*\\b{g}\\b(tidsfrist|svarstid|handläggningstid|frist)\\p{L}*|\\b(tidsfrist|svarstid|handläggningstid)\\p{L}* (förlängs|har förlängts)`,
      ],
      ['forlanga_med', 3, `\\bförläng\\p{L}*\\b{g}\\bmed (\\d+|en|ett|två|tre)\\b`],
      ['mer_tid', 2, `\\bbehöver (tyvärr )?(mer|längre|ytterligare) tid\\b`],
      ['senast', 1.5, `\\b(återkommer|svarar|besvarar|svar)\\b{G}\\bsenast\\b`],
      ['dröjer', 1.5, `\\bdröjer\\b|\\bförsenat\\b|\\bförlängning\\p{L}*`],
    ],
    es: [
      [
        'prorrogar',
        3,
        `\\b(prorrog|ampli|extend|prolong)\\p{L}* (el |dicho |nuestro )?plazo|\\bplazo\\b{G}\\b(se amplía|se prorroga|ampliado|prorrogado|se extiende)`,
      ],
      ['prorrogar_en', 3, `\\b(prorrog|ampli)\\p{L}*\\b{g}\\ben (\\d+|un|una|dos|tres)\\b`],
      ['adicionales', 2, `\\b(meses|días|semanas) adicionales\\b|\\bplazo adicional\\b|\\bnecesitamos más tiempo\\b`],
      [
        'a_mas_tardar',
        1.5,
        `\\b(responder\\p{L}*|contestar\\p{L}*|respuesta)\\b{G}\\b(a más tardar|como máximo el)\\b`,
      ],
      ['ampliacion', 3, `\\bampliación del plazo\\b|\\bretraso\\b`],
    ],
    ja: [
      ['encho', 3, `(回答|ご回答|対応)?期限を?延長|延長させていただ|延期|期限の延長|回答期限\\p{Any}{0,10}延長`],
      ['encho_nichi', 3, `\\d+\\s?日間?延長|延長(いた)?します`],
      ['jikan', 2, `(お時間|時間)を(要して|いただき|頂き)|さらに\\s?\\d+\\s?日`],
    ],
  },

  fulfilled: {
    en: [
      [
        'deleted',
        3,
        `\\b(data|information|account|details|profile)\\b{g}\\b(has|have) (now )?been (permanently )?(deleted|erased|removed)|(?<!not )\\b(we have|we've|have been) (now )?(permanently )?(deleted|erased|removed)\\b`,
      ],
      [
        'completed',
        3,
        `\\b(completed|processed|fulfilled|actioned) your\\b{g}\\brequest|\\byour\\b{g}\\brequest has been (completed|processed|fulfilled|actioned)|(?<!not )\\b(we have|we've) (now )?(processed|completed)\\b`,
      ],
      [
        'attached',
        3,
        `\\b(please find|attached|enclosed|herewith)\\b{G}\\b(copy|copies|personal data|personal information|your data|response|data we hold|information we hold)`,
      ],
      [
        'download',
        3,
        `\\b(download|export)\\b{G}\\b(your data|personal (data|information)|archive|link)\\b|\\byour data( export)? is ready\\b|\\bavailable for download\\b|\\bready (for|to) download\\b|\\bdownload a copy\\b`,
      ],
      [
        'closed',
        2,
        `\\baccount (has been|was|is now) (closed|deleted)\\b|\\bpreference has been (recorded|applied)|\\bopted (you )?out\\b`,
      ],
      [
        'been_erased',
        3,
        `\\b(has|have) (now )?been (permanently |fully |completely |successfully )?(deleted|erased|removed|anonymi[sz]ed)\\b`,
      ],
      [
        'here_is',
        3,
        `\\bhere (is|are) (a copy of )?(your|the) (data|personal|information|file|export|report)\\b|\\bwe('ve| have) (now )?(sent|provided|emailed|shared) (you )?(a copy|your data|the data|the information)\\b`,
      ],
      [
        'updated',
        3,
        `\\b(we have|we've) (now )?(updated|corrected|amended|rectified) (the|your)\\b|\\b(records|details|data) (are|is) now (correct|up to date|accurate)\\b`,
      ],
      [
        'find_below',
        2,
        `\\bplease find below\\b|\\binformation you requested is (below|attached|enclosed)\\b|\\bunsubscribed you\\b`,
      ],
      [
        'completes',
        2,
        `\\bthis (completes|concludes) (your|the|our response to your) request\\b|(?<!not )\\b(we have|we've) (now )?(closed|deleted|erased) (your|the) (account|personal data|data|information)\\b|(?<!not )\\b(closed|deleted) your account and (erased|deleted|removed)\\b`,
      ],
      ['no_longer', 2, `\\b(you will|you'll) no longer receive\\b|\\byou won't receive any (further|more)\\b`],
    ],
    de: [
      ['geloescht', 3, `(?<!nicht )\\b(haben|wurden|wurde|sind)\\b{G}\\b(gelöscht|entfernt)\\b`],
      ['anbei', 3, `\\b(anbei|im Anhang|beigefügt|beiliegend)\\b{G}\\b(Auskunft|Daten|Kopie|Übersicht|Unterlagen)`],
      [
        'download',
        2,
        `\\bherunterladen\\b|\\bDownload\\b|\\bDatenauskunft\\b{G}\\b(fertig|bereit)|\\bsteht (zum Download |Ihnen )?bereit\\b`,
      ],
      ['konto', 2, `\\b(Kundenkonto|Konto)\\b{g}\\b(geschlossen|gelöscht)\\b|\\bwie von Ihnen gewünscht\\b`],
      ['hier', 3, `\\bhier (ist|sind|erhalten Sie)\\b{g}\\b(Daten|Auskunft|Kopie)`],
      [
        'berichtigt',
        3,
        `\\b(haben|wurde|wurden)\\b{G}\\b(aktualisiert|korrigiert|berichtigt)\\b|\\b(aus|von) (dem|unserem|unseren|der)\\b{g}\\b(entfernt|gelöscht|gestrichen)\\b`,
      ],
      [
        'bestaetigen_loeschung',
        3,
        `\\bbestätigen (wir )?(Ihnen )?(hiermit )?die (Löschung|Sperrung|Berichtigung|Einschränkung)\\b`,
      ],
      [
        'keine_mehr',
        2,
        `\\bSie erhalten (ab sofort |künftig )?keine\\b{g}\\bmehr\\b|\\berhalten Sie\\b{g}\\bkeine\\b{g}\\bmehr\\b|\\b(Konto|Kundenkonto)\\b{g}\\bexistiert nicht mehr\\b`,
      ],
    ],
    fr: [
      [
        'supprime',
        3,
        `(?<!pas )\\b(ont été|a été|avons|avons bien) (bien )?(supprimé|effacé|supprimées|supprimés|effacées|effacés|supprimée)\\b`,
      ],
      [
        'ci_joint',
        3,
        `\\b(ci-joint|ci-jointe|ci-joints|pièce jointe|vous trouverez|vous transmettons)\\b{G}\\b(données|copie|informations|réponse)`,
      ],
      ['compte', 2, `\\bcompte (a été|est) (clôturé|fermé|supprimé)\\b|\\btélécharger\\b|\\blien de téléchargement\\b`],
      [
        'retire',
        3,
        `(?<!pas )\\b(ont été|a été) (retiré|retirée|retirés|retirées|anonymisé\\p{L}*)\\b|\\bvoici (la copie|vos données|les données)\\b`,
      ],
      ['corrige', 3, `\\b(avons|a été|ont été) (mis à jour|mises à jour|corrigé|rectifié)\\p{L}*`],
      ['confirmons', 3, `\\bconfirmons (la |que )?(suppression|effacement|clôture|rectification)\\b`],
      ['ne_plus', 2, `\\bvous ne recevrez plus\\b`],
    ],
    sv: [
      [
        'raderat',
        3,
        `(?<!inte )\\b(har|är|blivit|nu) (nu )?(raderats|raderat|raderade|tagits bort|borttagna|avregistrerats)\\b`,
      ],
      [
        'bifogat',
        3,
        `\\b(här kommer|bifogad|bifogat|bifogade|i bilagan|bilaga)\\b{G}\\b(registerutdrag|personuppgifter|uppgifter)`,
      ],
      ['inte_langre', 2, `\\bkommer (inte längre|aldrig mer) att få\\b|\\bhär är (ditt|dina|din)\\b`],
      ['tagit_bort', 3, `\\b(har )?tagit bort (dig|dina|ditt|din)\\b|\\bnu är det klart\\b`],
      ['skickat', 3, `\\bvi har (nu )?skickat (dig|till dig)\\b{g}\\b(uppgifter|registerutdrag|kopia)\\p{L}*`],
      ['rattat', 3, `\\b(har )?(uppdaterat|rättat|korrigerat)\\b`],
      [
        'ladda_ner',
        2,
        `\\bladda ner\\b|\\bnedladdning\\b|\\bkundkonto är avslutat\\b|\\bkontot (är|har) (avslutat|avslutats|raderats)\\b`,
      ],
    ],
    es: [
      ['eliminado', 3, `(?<!no )\\b(hemos|han sido|ha sido|se han|se ha) (eliminad|suprimid|borrad|cancelad)\\p{L}*`],
      [
        'adjunto',
        3,
        `\\b(adjunt\\p{L}*|le facilitamos|le remitimos|encontrará|le enviamos)\\b{G}\\b(datos|copia|información)`,
      ],
      ['descarga', 2, `\\bdescarga(r)?\\b`],
      ['ya_no', 2, `\\bya no recibirá(s)?\\b|\\baquí tiene(s)? (una copia|sus datos|tus datos)\\b`],
      ['actualizado', 3, `\\b(hemos|ha sido|han sido) (actualizad|corregid|rectificad)\\p{L}*`],
    ],
    ja: [
      ['sakujo', 3, `削除(が)?(完了|いたしました|しました)|削除を完了`],
      ['tenpu', 3, `(開示書面|開示結果|データ|書面)\\p{Any}{0,20}(添付|お送りいたします)|添付(ファイル)?にてお送り`],
      [
        'kanryo',
        3,
        `(手続き|お手続き|停止|削除|消去)(が|を)?完了|停止いたしました|削除いたしました|(訂正|修正)(が完了|いたしました|しました)`,
      ],
      ['download', 2, `ダウンロード`],
    ],
  },

  partially_fulfilled: {
    en: [
      [
        'part',
        3,
        `\\b(first|second) (part|instalment|installment|batch)\\b|\\bpart 1\\b|\\bremaining (information|data|records|documents)\\b{G}\\b(follow|sent|provided)|\\bwill (follow|be sent separately)\\b|\\bsend (them|it|these|this|the rest) separately\\b`,
      ],
      [
        'withheld',
        2,
        `\\b(have not|haven't|did not|not been|has not been) (been )?(included|provided|deleted|disclosed)\\b|\\bwithheld\\b|\\bredacted\\b`,
      ],
      ['some_of', 2, `\\b(some|part) of (the |your )?(data|information|records)\\b`],
    ],
    de: [
      [
        'teil',
        3,
        `\\bTeilauskunft\\b|\\bteilweise\\b|\\berste(n)? Teil\\b|\\bfolgen (in Kürze|separat|gesondert)\\b|\\bnoch zusammengestellt\\b|\\bwerden nachgereicht\\b`,
      ],
      ['jedoch', 1.5, `\\bjedoch\\b{G}\\b(weiterhin|aufbewahren|speichern)\\b`],
      ['erst', 3, `\\bjedoch erst\\b|\\berst (löschen|dann)\\b{G}\\b(wenn|sobald)\\b`],
    ],
    fr: [
      [
        'partie',
        3,
        `\\bune partie (des|de vos|de la) (données|informations)|\\bseront envoyés ultérieurement|\\bultérieurement\\b|\\bpartiel\\p{L}*`,
      ],
      ['en_revanche', 1.5, `\\ben revanche\\b{G}\\bconserv\\p{L}*`],
      [
        'pas_communique',
        2,
        `\\bne (peuvent|peut|pourront) pas vous être (communiqué|transmis|remis)\\p{L}*|\\bne vous (sont|est|seront|sera) pas (communiqué|transmis|remis|fourni)\\p{L}*|\\bn'(ont|a) pas été (joint|inclus|communiqué|transmis)\\p{L}*`,
      ],
    ],
    sv: [
      [
        'del',
        3,
        `\\b(en )?första del(en)?\\b|\\bdelvis\\b|\\bövriga uppgifter\\b{G}\\b(skickas|kommer)|\\bskickas separat\\b`,
      ],
      ['dock', 1.5, `\\bdock\\b{G}\\b(sparas|spara)\\b`],
      ['ingar_inte', 2, `\\bingår inte\\b`],
    ],
    es: [
      [
        'parte',
        3,
        `\\bparte de (la|los|sus) (información|datos)\\b|\\besa parte\\b|\\btodavía se están\\b|\\bparcial\\p{L}*`,
      ],
      ['no_obstante', 1.5, `\\bno obstante\\b{G}\\bconserv\\p{L}*`],
    ],
    ja: [
      [
        'ichibu',
        3,
        `(データ|情報|記録|ご請求|ご依頼|項目|書類)\\p{Any}{0,6}のうち|別途(お送り|送付|ご連絡)|準備が整い次第|一部(のみ|について)`,
      ],
    ],
  },

  denied: {
    en: [
      [
        'no_data',
        3,
        `\\b(unable to|could not|couldn't|did not|didn't|cannot|can't|were unable to) (locate|find|identify)\\b{G}\\b(personal|data|information|records?|account)|\\b(hold|have|store|process)s? no (personal )?(data|information|records)|\\bno (personal )?(data|information|records?|account)\\b{g}\\b(found|associated|linked|relating|about you|held)|\\b(don't|do not) (hold|have|store) any (personal )?(data|information)|\\b(have not|haven't|did not|didn't|could not|couldn't) (find|found|locate|located|identify|identified) any (personal )?(data|information|records?|accounts?|match\\p{L}*)\\b|\\b(there is|there's|we have|we hold) no (personal )?(data|information|record)\\b{g}\\b(provide|disclose|send|delete|share|hold)`,
        'no_data_found',
      ],
      ['tadashi', 2, `ただし、?\\p{Any}{0,40}(保管|保存)`],
      [
        'not_verified',
        3,
        `\\b(could not|couldn't|unable to|were not able to|cannot|can't|have not been able to) (verify|confirm|validate) (your|the requester's|the) identity|\\bidentity (could not|couldn't|was not|has not been) (be )?(verified|confirmed)`,
        'not_verified',
      ],
      [
        'exemption',
        3,
        `\\b(unable to|cannot|can't|not able to) (delete|erase|remove)\\b{G}\\b(because|as|since|due)\\b|\\b(required|obliged|obligated) (by law )?to (retain|keep)\\b|\\blegal (obligation|requirement)s?\\b|\\bexempt(ion)?\\b|\\bretain\\b{G}\\b(law|legal|tax|regulat\\p{L}*)\\b`,
        'exemption',
      ],
      [
        'not_resident',
        3,
        `\\bnot an? (California|Virginia|Colorado|Connecticut|Utah|Texas|Oregon|\\p{Lu}\\p{L}+) resident|\\b(only )?(apply|applies|available) only to (California|\\p{Lu}\\p{L}+) residents|\\bapply only to\\b{g}\\bresidents|\\breserved for residents\\b|\\b(people|individuals|persons|consumers) (who live |living |resident )?outside (of )?(the )?(United States|US|EU|UK|European Union|California)\\b`,
        'not_a_resident',
      ],
      [
        'not_customer',
        3,
        `\\b(not|never been) a (customer|client|user|member) of\\b|\\bdo(es)? not appear to be a (customer|client|user)\\b|\\bno (customer )?(account|relationship) with us\\b`,
        'not_a_customer',
      ],
      [
        'excessive',
        3,
        `\\bmanifestly (unfounded|excessive)\\b|\\bexcessive\\b|\\brepetitive\\b|\\bvexatious\\b`,
        'excessive',
      ],
      [
        'refuse',
        2,
        `\\b(we are|we're) (unable|not able) to (process|action|fulfil|fulfill|comply|proceed|honou?r|delete)\\b|\\b(refus|declin|reject)\\p{L}*\\b{g}\\b(request|it)\\b|\\bcannot (process|action|fulfil|fulfill|comply with) (your|this|the) request|\\bwe (have|will) closed? (your|the|this) (request|case|ticket)`,
        'other',
      ],
      ['nothing', 2, `\\bnothing (for us )?to (disclose|delete|provide)\\b`, 'no_data_found'],
      [
        'privilege',
        3,
        `\\blegal(ly)? privilege(d)?\\b|\\bfreedom of expression\\b|\\b(legal proceedings|ongoing litigation)\\b|\\bpersonal (data|information) of other (individuals|people|users|customers)\\b|\\brights of others\\b|\\btrade secrets?\\b|\\bcommercially sensitive\\b|\\b(must|have to|need to|are required to|are obliged to)\\b{g}\\b(retain|keep|hold|store)\\b{G}\\b(law|legal|tax|legislation|regulat\\p{L}*|years|obligation\\p{L}*)\\b`,
        'exemption',
      ],
      [
        'not_releasing',
        2,
        `\\bwe will not be (releasing|providing|disclosing|deleting)\\b|\\bwe (will not|won't|cannot|can't) (release|provide|disclose|share)\\b`,
        'other',
      ],
      [
        'not_able',
        2,
        `\\bwe will not be able to (process|action|fulfil|fulfill|comply|delete|provide)\\b|\\b(are|is) not (required|obliged|obligated) to\\b|\\bdoes not (apply|fall under)\\b`,
        'other',
      ],
      [
        'no_records',
        3,
        `\\b(don't|do not|did not|didn't) (have|hold|find) any (record|records|account|data|information|personal)\\b|\\bno account (is )?(associated|linked|registered|found)\\b`,
        'no_data_found',
      ],
      [
        'complain',
        1,
        `\\bright to (lodge a )?complain|\\bcomplain to the (ICO|Information Commissioner|supervisory)|\\bcomplain to the ICO\\b`,
      ],
    ],
    de: [
      [
        'keine_daten',
        3,
        `\\bkeine (personenbezogenen |gespeicherten )?(Daten|Informationen|Einträge|Kundendaten)\\b{G}\\b(gespeichert|gefunden|vorhanden|vor|verarbeiten|speichern|verarbeitet)\\b|\\bnicht (in unserem System |in unseren Systemen )?(gefunden|vorhanden)\\b`,
        'no_data_found',
      ],
      [
        'nicht_verifiziert',
        3,
        `\\bIdentität\\b{G}\\bnicht\\b{g}\\b(feststellen|bestätigen|verifizieren|prüfen|nachweisen)|\\bnicht\\b{g}\\bIdentität\\b{g}\\b(feststellen|verifizieren)`,
        'not_verified',
      ],
      [
        'aufbewahrung',
        3,
        `\\bAufbewahrungspflicht\\p{L}*|\\bMeinungs\\p{L}*freiheit\\b|\\b(Gerichtsverfahren|Rechtsstreit)\\p{L}*|\\bausgenommen\\b|\\bGeschäftsgeheimnis\\p{L}*|\\bgesetzlichen? (Pflichten|Aufbewahrung\\p{L}*)|\\bArt\\. 17 Abs\\. 3\\b|\\bLöschung ist (daher )?(derzeit )?nicht möglich`,
        'exemption',
      ],
      [
        'nicht_nachkommen',
        2,
        `\\bnicht (entsprechen|nachkommen)\\b|\\b(Antrag|Anfrage|Ersuchen|Begehren)\\b{g}\\bablehnen\\b|\\b(Vorgang|Anfrage|Ticket)\\b{g}\\b(geschlossen)\\b|\\blehnen\\b{G}\\bab\\b`,
        'other',
      ],
      ['nicht_verpflichtet', 2, `\\bnicht verpflichtet\\b|\\bkeine Verpflichtung\\b`, 'other'],
      ['kein_kunde', 3, `\\b(nicht|kein) (unser )?Kunde\\b|\\bkeine Kundenbeziehung\\b`, 'not_a_customer'],
      ['exzessiv', 3, `\\boffenkundig unbegründet\\b|\\bexzessiv\\p{L}*`, 'excessive'],
      ['wohnsitz', 3, `\\bnur für (Einwohner|Bewohner|Personen mit Wohnsitz)\\b`, 'not_a_resident'],
      ['beschwerde', 1, `\\bAufsichtsbehörde\\b`],
    ],
    fr: [
      [
        'aucune_donnee',
        3,
        `\\b(aucune|pas de) (donnée|information)s?\\b{G}\\b(vous concernant|trouvée|associée)|\\bn'avons (trouvé|retrouvé) aucune\\b|\\bne (détenons|conservons|possédons|traitons|disposons d')\\s?aucune (donnée|information)|\\bpas connu\\p{L}*\\b{g}\\bde nos services`,
        'no_data_found',
      ],
      [
        'non_verifie',
        3,
        `\\bpas (pu )?vérifier votre identité|\\bidentité n'a pas pu être (vérifiée|confirmée)`,
        'not_verified',
      ],
      [
        'obligation',
        3,
        `\\bobligations? (légales?|comptables|fiscales)\\b|\\bliberté d'expression\\b|\\bprocédure judiciaire\\b|\\bcontentieu\\p{L}*|\\bd'autres (clients|personnes|utilisateurs)\\b|\\bsecret des affaires\\b|\\bconserv\\p{L}+\\b{G}\\b(ans|obligation|légal\\p{L}*)\\b`,
        'exemption',
      ],
      [
        'resident',
        3,
        `\\bréservés? aux résidents\\b|\\bvous résidez (en|au|à)\\b|\\bn'êtes pas résident\\p{L}*`,
        'not_a_resident',
      ],
      ['excessive', 3, `\\bmanifestement (infondée|excessive)\\b|\\bexcessive\\b|\\brépétiti\\p{L}*`, 'excessive'],
      [
        'pas_suite',
        2,
        `\\bne (pouvons|pourrons) (donc |toutefois |cependant |malheureusement )?pas (encore )?(y )?(donner suite|traiter|supprimer|effacer)|\\brefus\\p{L}*`,
        'other',
      ],
      ['pas_tenus', 2, `\\bne sommes pas tenus\\b|\\bpas tenus de\\b`, 'other'],
      [
        'identifier',
        3,
        `\\bpas permis de vous identifier\\b|\\bpas pu vous identifier\\b|\\bimpossible de vous identifier\\b|\\bpas pu (vérifier|confirmer|établir) votre identité\\b`,
        'not_verified',
      ],
      ['ne_procederons', 2, `\\bne procéderons (donc )?pas\\b`, 'other'],
      ['cloture', 2, `\\bne peut aboutir\\b|\\bclôtur\\p{L}* (votre|la) demande\\b`, 'other'],
      ['cnil', 1, `\\bCNIL\\b|\\bréclamation auprès`],
    ],
    sv: [
      [
        'inga_uppgifter',
        3,
        `\\b(hittar|hittade|finns) (inga|inte några) (personuppgifter|uppgifter|konton?)\\b|\\binte registrerad hos oss\\b|\\bhar inga (personuppgifter|uppgifter) om dig\\b|\\b(hittar|hittade|fann|finner) (ingen|inget|inga)\\b{g}\\b(kund\\p{L}*|\\p{L}*konto\\p{L}*|uppgift\\p{L}*|personuppgift\\p{L}*|träff\\p{L}*)|\\bbehandlar (därför |alltså )?(inga|inte några) personuppgifter\\b|\\binget att lämna ut\\b`,
        'no_data_found',
      ],
      [
        'ej_verifierad',
        3,
        `\\b(inte|ej) (har )?(kunnat )?(verifiera|bekräfta|styrka) (din |er )?identitet`,
        'not_verified',
      ],
      [
        'skyldiga',
        3,
        `\\b(skyldiga|skyldighet) att (spara|bevara)\\b|\\bbokföringslagen\\b|\\byttrandefrihet\\p{L}*|\\brättsprocess\\p{L}*|\\baffärshemlighet\\p{L}*`,
        'exemption',
      ],
      [
        'kan_inte',
        2,
        `\\bkan (vi )?(dock |tyvärr |ännu |däremot )?inte (lämna ut|hantera|radera|ta bort|tillmötesgå)\\b|\\bärendet (har )?(därför )?avslutats\\b|\\bavslå\\p{L}*`,
        'other',
      ],
      ['inte_skyldiga', 2, `\\bär inte skyldiga\\b`, 'other'],
      ['ej_kund', 3, `\\binte kund hos oss\\b|\\baldrig varit kund\\b`, 'not_a_customer'],
      ['ogrundad', 3, `\\buppenbart ogrundad\\b|\\borimlig\\p{L}*`, 'excessive'],
      ['imy', 1, `\\bIntegritetsskyddsmyndigheten\\b`],
    ],
    es: [
      [
        'ningun_dato',
        3,
        `(?<!ya )\\bno (hemos encontrado|se han encontrado|consta|constan|tenemos|disponemos de)\\b{G}\\b(dato|datos|información|registro|cliente)\\b|\\bningún dato\\b`,
        'no_data_found',
      ],
      [
        'no_verificada',
        3,
        `\\bno (ha sido posible|hemos podido|se ha podido) (verificar|acreditar|comprobar) (su|tu) identidad`,
        'not_verified',
      ],
      [
        'obligacion',
        3,
        `\\bobligación legal\\b|\\blibertad de expresión\\b|\\bprocedimiento judicial\\b|\\bsecretos? (comercial|empresarial)\\p{L}*|\\bnormativa fiscal\\b|\\bexcepción\\b|\\bprevención del blanqueo\\b|\\bart(ículo|\\.) 23\\b{g}\\b(RGPD|Reglamento)\\b|\\binvestigaci\\p{L}+ en curso\\b|\\bderechos (y libertades )?de (otras personas|terceros)\\b`,
        'exemption',
      ],
      [
        'no_podemos',
        2,
        `\\bno (podemos|es posible) (todavía |aún |por ahora )?(atender|tramitar|dar curso|suprimir|eliminar)\\b|\\bno (podemos|es posible|nos es posible) (facilitar|proporcionar|entregar|comunicar)(le|te|les)?\\b|\\bhemos cerrado el expediente\\b|\\bdenegad\\p{L}*`,
        'other',
      ],
      ['no_obligados', 2, `\\bno estamos obligados\\b`, 'other'],
      [
        'residente',
        3,
        `\\bsolo (se aplica|aplica|están disponibles)\\b{g}\\bresidentes\\b|\\bno (es|eres) residente\\b`,
        'not_a_resident',
      ],
      ['no_procede', 2, `\\bno procede\\b`, 'other'],
      ['no_cliente', 3, `\\bno (es|consta como|figura como) cliente\\b`, 'not_a_customer'],
      ['excesiva', 3, `\\bmanifiestamente (infundada|excesiva)\\b|\\bexcesiva\\b|\\brepetitiv\\p{L}*`, 'excessive'],
      ['aepd', 1, `\\breclamación ante\\b`],
    ],
    ja: [
      [
        'gaito_nashi',
        3,
        `(該当する|該当の)\\p{Any}{0,15}(見つかりません|ございません|ありません)|(保有個人データ|個人データ|個人情報)は(ございません|ありません|保有しておりません)|見つかりませんでした`,
        'no_data_found',
      ],
      [
        'honnin_fukanou',
        3,
        `(ご本人様?|本人)であることを?確認(でき|いたしかね)|本人確認(ができ|でき)ませんでした`,
        'not_verified',
      ],
      [
        'hozon_gimu',
        3,
        `保存義務|法令に基づ\\p{Any}{0,10}(保存|保管)|法令で定め\\p{Any}{0,10}(保存|保管)|保存期間|営業秘密|第三者の権利|表現の自由|訴訟`,
        'exemption',
      ],
      [
        'okotae_kane',
        2,
        `お応えいたしかね|開示いたしかね|開示(することは)?できません|応じることができません|応じかね|お受けできません`,
        'other',
      ],
    ],
  },

  wrong_channel: {
    en: [
      [
        'use_form',
        3,
        `\\b(please|kindly) (submit|make|send|resubmit|use|go to|visit|complete|fill (in|out)|contact)\\b{G}\\b(form|portal|privacy cent(er|re)|web ?form|online|app|website|dashboard|self-service)\\b`,
      ],
      [
        'via_form',
        2,
        `\\b(use|through|via|using|at) (our|the) (online |web |dedicated |privacy |request )*(form|portal|privacy cent(er|re)|request form|web ?form)\\b`,
      ],
      [
        'not_by_email',
        3,
        `\\b(cannot|can't|unable to|are not able to|do not|don't|will not|won't) (be )?(process|action|accept|handle|respond to)\\p{L}*\\b{G}\\b(by|via|through|to this) (e-?mail|this (e-?mail )?(address|inbox|mailbox))|\\b(sent|received|submitted)\\b{g}\\b(by|via) e-?mail\\b{g}\\b(are |is |will )?(not|never)\\b`,
      ],
      [
        'not_monitored',
        2,
        `\\b(mailbox|inbox|email address|address) is (no longer |not )(monitored|in use|used|checked)|\\bno longer monitored\\b|\\bnot monitored\\b`,
      ],
      [
        'contact_other',
        2,
        `\\b(contact|write to|email|reach) (our|the) (Data Protection Officer|DPO|privacy team)\\b{G}\\b(directly|at)\\b|\\bhandles? (product )?support only\\b|\\bwrite to us at\\b|\\b(only|exclusively) (by|via) (post|mail|letter)\\b`,
      ],
      ['in_app', 1.5, `\\bin the \\p{L}+ app\\b|\\bin the app\\b|\\bSettings ?> ?`],
      [
        'only_for',
        3,
        `\\b(this|the) (address|inbox|mailbox|email address) is (only|exclusively) (used |monitored )?for\\b`,
      ],
      [
        'account_area',
        2,
        `\\b(visit|go to|head to) (your|our) (account|privacy) (settings|dashboard|page|cent(er|re))\\b`,
      ],
      ['yourself', 2, `\\byou can (delete|download|export|close|manage)\\b{g}\\byourself\\b|\\bself-service\\b`],
      [
        'only_accept',
        3,
        `\\b(can|could|will) only (accept|process|handle|action|respond to)\\b|\\b(only|exclusively) (accept|process|handle|action)\\b{G}\\b(through|via|using|at|on|by)\\b`,
      ],
      [
        'redirect',
        3,
        `\\bplease (resend|forward|redirect|re-?submit) (your|the|this) (request|email)\\b|\\b(requests|enquiries|inquiries) should be (sent|directed|made|submitted|addressed) (to|via|through|using)\\b|\\bthe correct (address|contact|channel) (for|is)\\b`,
      ],
      ['send_to', 3, `\\bplease (email|e-mail|write to|contact|send (it|your request|this|them) to) [\\w.+-]+@`],
    ],
    de: [
      [
        'formular',
        3,
        `\\b(nutzen|verwenden|benutzen) Sie\\b{G}\\b(Formular|Portal|Kontaktformular|Datenschutzformular|Datenschutz-Formular|Online)\\p{L}*`,
      ],
      ['ueber_formular', 2, `\\b(über|durch) (unser|das)\\b{g}\\b(Formular|Portal|Kontaktformular)\\b`],
      [
        'nicht_email',
        3,
        `\\b(nicht|keine)\\b{G}\\b(über dieses Postfach|per E-Mail|über diese (E-Mail-)?Adresse)|\\b(Postfach|E-Mail-Adresse) wird nicht\\b{g}\\b(genutzt|überwacht|bearbeitet)|\\bnicht für Datenschutzanfragen\\b`,
      ],
      [
        'nur_fuer',
        3,
        `\\b(Adresse|Postfach|E-Mail-Adresse) (ist|dient) (nur|ausschließlich|lediglich)\\b|\\bin Ihrem Kundenkonto\\b{g}\\b(unter|im Bereich)\\b`,
      ],
      [
        'nur_post',
        3,
        `\\bnur (schriftlich|per Post|postalisch)\\b|\\b(schicken|senden|richten) Sie Ihren (Antrag|Brief|Widerspruch)\\b{G}\\ban\\b`,
      ],
      [
        'ausschliesslich_ueber',
        3,
        `\\b(sind|ist)\\b{g}\\b(ausschließlich|nur) über\\b|\\brichten Sie\\b{G}\\ban (unseren|den|unsere|die)\\b`,
      ],
      ['selbst', 2, `\\b(können|kannst) (Sie|du)\\b{G}\\bselbst\\b{g}\\b(löschen|herunterladen|verwalten)\\b`],
      [
        'senden_an',
        3,
        `\\b(senden|richten|schicken) Sie (Ihre Anfrage|Ihr Anliegen|Ihren Antrag)\\b{g}\\ban [\\w.+-]+@`,
      ],
      [
        'wenden',
        2,
        `\\bwenden Sie sich (bitte )?(direkt )?an\\b|\\bist\\b{g}\\bzuständig\\b|\\bleiten\\b{g}\\bnicht weiter\\b`,
      ],
    ],
    fr: [
      [
        'formulaire',
        3,
        `\\b(compléter|remplir|utiliser|passer par) (le|notre) formulaire|\\bformulaire (en ligne|dédié|de contact)\\b|\\bvia (notre|le) (formulaire|portail|espace)\\b`,
      ],
      [
        'pas_traitees',
        3,
        `\\b(ne peuvent|ne pourront) pas être (traitées|prises en compte)\\b|\\bdoivent être (adressées|envoyées|transmises) par\\b`,
      ],
      [
        'espace',
        3,
        `\\b(rendez-vous|connectez-vous) (dans|sur) votre espace\\b|\\bdéposer votre demande\\b|\\bcette adresse est (uniquement|exclusivement|réservée)\\b`,
      ],
      [
        'vous_meme',
        2,
        `\\b(supprimer|télécharger)\\b{G}\\bvous-même\\b|\\bvous-même\\b{G}\\b(supprimer|télécharger)\\b`,
      ],
      ['renouveler', 3, `\\brenouveler votre demande\\b{g}\\b(via|sur|par|auprès)\\b|\\badressez-vous à\\b`],
      ['courrier', 1.5, `\\bpar courrier postal\\b|\\bà l'adresse suivante\\b`],
      ['adressez', 3, `\\b(adressez|envoyez)(-nous)? votre demande\\b{g}\\bà [\\w.+-]+@`],
    ],
    sv: [
      [
        'formular',
        3,
        `\\b(använd|fyll i|via)\\b{g}\\b(webbformulär|formulär|formuläret|portal)\\b|\\bvårt (webb)?formulär\\b`,
      ],
      [
        'inte_mejl',
        3,
        `\\bhanterar inte\\b{G}\\b(via|per|på) (mejl|e-post)\\b|\\bvia (mejl|e-post)\\b{g}\\b(hanteras )?inte\\b`,
      ],
      [
        'endast_for',
        3,
        `\\bskickar du till [\\w.+-]+@|\\b(adressen|mejladressen|e-postadressen|inkorgen) (används|är) (bara|endast|enbart) (för|till)\\b`,
      ],
      ['mina_sidor', 1.5, `\\bpå Mina sidor\\b`],
      ['vand_dig', 2, `\\bvänd dig till\\b|\\bgör din begäran (via|på|genom)\\b`],
      ['skicka_till', 3, `\\bskicka (din begäran|ditt ärende|den) till [\\w.+-]+@`],
      ['appen', 2, `\\bgör du (själv )?i appen\\b|\\bi appen under\\b|\\blogga in\\b{G}\\bför att\\b`],
    ],
    es: [
      [
        'formulario',
        3,
        `\\b(utilizar|utilice|a través de|mediante|rellenar|cumplimentar)\\b{g}\\b(formulario|portal)\\b|\\bformulario (disponible|web|online)\\b`,
      ],
      ['envie_a', 3, `\\b(envíe|envía|remita|dirija)(nos)? su solicitud\\b{g}\\ba [\\w.+-]+@`],
      [
        'deben',
        3,
        `\\b(deben|debe) (enviarse|presentarse|tramitarse|remitirse) (a través|por|mediante)\\b|\\bno (pueden ser|serán) tramitadas\\b|\\bbuzón no atiende\\b`,
      ],
      [
        'solo_para',
        3,
        `\\besta dirección (solo|únicamente) (se utiliza|es) para\\b|\\b(en|desde) (tu|su) área (de cliente|privada)\\b`,
      ],
      [
        'app',
        3,
        `\\bpor correo( electrónico)? no (podemos|es posible)\\b|\\bdesde la app\\b|\\b(tú|usted) mism[oa]\\b{G}\\b(app|aplicación|web|cuenta)\\b`,
      ],
      [
        'realizar',
        3,
        `\\b(debe|deberá|puede|puedes|debes) (realizar|presentar|enviar|tramitar|hacer) (su|tu|la) solicitud\\b{g}\\b(a través|mediante|en|desde)\\b|\\bdiríjase a\\b`,
      ],
    ],
    ja: [
      ['form', 3, `フォーム(より|から|にて)|専用フォーム|請求フォーム`],
      ['uketsuke_nai', 3, `(受け付けて|受付して)おりません|では(ご請求|お手続き)を?(受け付け|承って)`],
      ['madoguchi', 2, `下記の窓口|窓口までご連絡|ウェブサイト(の|から)|下記住所まで|[\\w.+-]+@[\\w.-]+\\s?(まで|宛)`],
      ['mypage', 2, `マイページ(から|より)|(このアドレス|本アドレス|このメールアドレス)は\\p{Any}{0,10}専用`],
      ['kara_otoiawase', 3, `(フォーム|ページ|サイト|窓口)(から|より)お(問い合わせ|申し込み|手続き)`],
      ['yuso_nomi', 3, `郵送のみ|書面(で|にて)のみ|のみ受け付けて|所定の(請求書|用紙|書式)`],
    ],
  },

  bounce: {
    en: [
      [
        'not_delivered',
        3,
        `\\b(could not|couldn't|wasn't|was not|cannot) be delivered\\b|\\b(message|mail)\\b{g}\\b(wasn't|was not|could not be|couldn't be) delivered\\b|\\bdelivery (has )?failed\\b|\\bundeliverable\\b|\\breturned to sender\\b`,
      ],
      [
        'address_unknown',
        3,
        `\\baddress (not found|couldn't be found|could not be found)\\b|\\b(user|mailbox|recipient) (unknown|unavailable|not found|full)\\b|\\bRecipient address rejected\\b|\\bHost or domain name not found\\b|\\bdoes not exist\\b`,
      ],
      [
        'unable_deliver',
        3,
        `\\b(unable|not able|wasn't able|was not able|weren't able) to deliver\\b|\\bdelivery to the following recipients? failed\\b|\\bpermanent (error|failure)\\b|\\bno (such )?mailbox\\b`,
      ],
      [
        'smtp_code',
        2,
        `\\b5[05][0-4][ -]5\\.\\d{1,3}\\.\\d{1,3}\\b|\\bmail delivery (subsystem|system|failed)\\b|\\bdiagnostic information for administrators\\b`,
      ],
    ],
    de: [
      [
        'zustellung',
        3,
        `\\bkonnte nicht zugestellt werden\\b|\\bZustellung\\b{G}\\bfehlgeschlagen\\b|\\bunzustellbar\\b|\\bEmpfänger (ist )?unbekannt\\b|\\bPostfach\\b{G}\\bexistiert nicht\\b`,
      ],
    ],
    fr: [
      [
        'remis',
        3,
        `\\bn'a pas pu être (remis|délivré|distribué)\\b|\\bnon remis\\b|\\badresse (inconnue|introuvable)\\b|\\best introuvable\\b|\\béchec de (la )?remise\\b`,
      ],
    ],
    sv: [
      [
        'leverera',
        3,
        `\\bgick inte att leverera\\b|\\bkunde inte levereras\\b|\\bolevererbar\\p{L}*|\\bmottagaren\\b{g}\\b(finns inte|okänd)\\b`,
      ],
    ],
    es: [
      [
        'entregar',
        3,
        `\\bno se (pudo|ha podido|puede) entregar\\b|\\berror en la entrega\\b|\\bno se encontró la dirección\\b`,
      ],
    ],
    ja: [['haishin', 3, `配信(でき|され)ませんでした|配信不能|宛先\\p{Any}{0,10}存在しません|届きませんでした`]],
  },

  auto_reply: {
    en: [
      [
        'ooo',
        3,
        `\\b(I am|I'm|I will be|I'll be|we are|we're) (currently )?(out of (the )?office|away from (the office|my desk)|on (annual |parental |sick |maternity |paternity )?leave|away|on holiday|on vacation|away on|travell?ing|off work)\\b|\\bout of (the )?office\\b`,
      ],
      [
        'return',
        2,
        `\\b(will|shall) (return|be back)\\b|\\b(on|upon|after) my return\\b|\\bwhen we reopen\\b|\\b(office|we are|we're) (is )?closed (for|until|from)\\b`,
      ],
      [
        'no_access',
        2,
        `\\b(limited|no) access to (my )?e-?mail\\b|\\bwill not be forwarded\\b|\\bfor urgent matters\\b|\\bif your matter is urgent\\b`,
      ],
      [
        'meanwhile',
        2,
        `\\b(during this time|while I am away|while I'm away|in my absence)\\b|\\b(inbox|mailbox|e-?mail) is not being (checked|monitored|read)\\b`,
      ],
    ],
    de: [
      ['abwesend', 3, `\\bnicht im (Büro|Hause)\\b|\\babwesend\\b|\\bAbwesenheit\\p{L}*|\\bim Urlaub\\b`],
      ['elternzeit', 3, `\\b(Elternzeit|Mutterschutz)\\b|\\bkrankheitsbedingt\\b`],
      [
        'geschlossen',
        3,
        `\\b(Büro|Kanzlei|Praxis|Geschäft|Filiale|Betrieb)\\b{G}\\bgeschlossen\\b|\\bBetriebsferien\\b`,
      ],
      [
        'zurueck',
        2,
        `\\bkeinen Zugriff auf (meine )?E-Mails\\b|\\bwieder (für Sie )?erreichbar\\b|\\bwird nicht weitergeleitet\\b|\\bIn dringenden Fällen\\b|\\bwieder für Sie da\\b`,
      ],
    ],
    fr: [
      [
        'absent',
        3,
        `\\babsente? (du bureau|jusqu)|\\ben congés?\\b|\\bpendant mon absence\\b|\\bbureaux? (seront|sont|est|sera) fermés?\\b`,
      ],
      ['deplacement', 3, `\\ben déplacement\\b|\\bhors du bureau\\b|\\ben vacances\\b`],
      [
        'retour',
        2,
        `\\bde retour le\\b|\\bà mon retour\\b|\\bne seront pas lus\\b|\\bsans accès à (ma )?messagerie\\b`,
      ],
    ],
    sv: [
      [
        'semester',
        3,
        `\\b(är|befinner mig) (på semester|tjänstledig|ledig|frånvarande|bortrest)\\b|\\bfrånvaro\\b|\\bkontoret är stängt\\b`,
      ],
      ['tjansteresa', 3, `\\bpå tjänsteresa\\b|\\bföräldraledig\\b`],
      [
        'tillbaka',
        2,
        `\\btillbaka (på kontoret )?den\\b|\\bläser inte min e-post\\b|\\bbegränsad tillgång till e-post\\b|\\bvid brådskande ärenden\\b`,
      ],
    ],
    es: [
      [
        'fuera',
        3,
        `\\bfuera de la oficina\\b|\\bde vacaciones\\b|\\bausente\\b|\\boficinas? (permanecerá|estará|está)n? cerrada`,
      ],
      ['viaje', 3, `\\bestoy de viaje\\b|\\bde baja (por maternidad|por paternidad|médica)\\b`],
      ['regreso', 2, `\\b(a|tras) mi (regreso|vuelta)\\b|\\bacceso limitado al correo\\b|\\bpara asuntos urgentes\\b`],
    ],
    ja: [
      ['fuzai', 3, `不在にしております|不在のため|休業(のため|期間|日)|お休みをいただいて|休暇(中|を)|出張中|外出中`],
      ['okureru', 2, `確認が遅れる|返信が遅れる|通常どおり対応`],
      ['junji', 1, `以降、?順次|順次(ご返信|対応)`],
    ],
  },

  unrelated: {
    en: [
      [
        'marketing',
        2,
        `\\bunsubscribe\\b|\\bnewsletter\\b|\\b\\d+ ?% off\\b|\\bshop now\\b|\\bfree delivery\\b|\\bnew arrivals\\b|\\bsale\\b`,
      ],
      [
        'order',
        2,
        `\\b(order|parcel|package)\\b{G}\\b(shipped|dispatched|on its way)\\b|\\binvoice\\b{G}\\boverdue\\b|\\breset your password\\b|\\bpay now\\b`,
      ],
      ['survey', 2, `\\bhow would you rate\\b|\\brate (the|our) support\\b|\\bsurvey\\b|\\bhow did we do\\b`],
      ['accounts', 2, `\\bpurchase order\\b|\\baccounts payable\\b`],
      [
        'commerce',
        2,
        `\\b(order confirmation|payment (received|receipt)|track your (order|package|parcel)|discount code|coupon|limited time|webinar)\\b|\\byour subscription (renews|has been renewed)\\b`,
      ],
      ['invoice', 1, `\\binvoice\\b`],
    ],
    de: [
      ['werbung', 2, `\\babmelden\\b|\\bNewsletter\\b|\\bRabatt\\b|\\bjetzt shoppen\\b|\\bGutschein\\p{L}*`],
      [
        'bestellung',
        2,
        `\\bwurde (heute )?versandt\\b|\\bSendungsverfolgung\\b|\\bPasswort\\b{g}\\b(zurücksetzen|zurückzusetzen)\\b|\\bUmfrage\\b`,
      ],
      ['kauf', 2, `\\b(Bestellbestätigung|Zahlungseingang|Gutscheincode)\\b`],
    ],
    fr: [
      [
        'promo',
        2,
        `\\bdésinscri\\p{L}*|\\bdésabonn\\p{L}*|\\blettre d'information\\b|\\bnewsletter\\b|\\bpromo\\p{L}*|\\brecettes\\b`,
      ],
      ['commande', 2, `\\ba bien été expédiée\\b|\\bsuivre votre colis\\b|\\benquête de satisfaction\\b`],
      ['achat', 2, `\\b(confirmation de commande|code promo|soldes)\\b`],
    ],
    sv: [
      [
        'nyhetsbrev',
        2,
        `\\bavregistrera\\b|\\bavsluta prenumeration\\b|\\bnyhetsbrev\\p{L}*|\\brabatt\\b|\\berbjudande\\p{L}*`,
      ],
      [
        'order',
        2,
        `\\btack för din beställning\\b|\\bdin order\\b|\\bordersumma\\b|\\b(orderbekräftelse|kvitto|rabattkod)\\b`,
      ],
    ],
    es: [
      ['ofertas', 2, `\\bdar(te|se) de baja\\b|\\bboletín\\b|\\bofertas?\\b|\\bdescuento\\b`],
      ['pedido', 2, `\\btu pedido\\b|\\bha sido enviado\\b|\\bencuesta\\b`],
      ['compra', 2, `\\b(confirmación de pedido|código de descuento|rebajas)\\b`],
    ],
    ja: [
      ['haishin_teishi', 2, `配信停止|メールマガジン|キャンペーン|新作`],
      ['chumon', 2, `アンケート|ご注文(いただき|番号)|お届け予定|送料無料`],
      ['kounyu', 2, `ご購入|クーポン|セール|領収書`],
    ],
  },
};

function build(table: Table): ClassRule[] {
  const out: ClassRule[] = [];
  for (const [cls, byLang] of Object.entries(table) as [ReplyClass, Partial<Record<Lang, Row[]>>][]) {
    for (const [lang, rows] of Object.entries(byLang) as [Lang, Row[]][]) {
      for (const [name, weight, source, reason] of rows) {
        out.push({
          id: `${cls}.${lang}.${name}`,
          cls,
          lang,
          weight,
          re: compile(source),
          ...(reason ? { reason } : {}),
        });
      }
    }
  }
  return out;
}

/** The rules grown from the tuning corpus, then the common alternative wordings of each class (`phrasings.ts`). */
export const CLASS_RULES: readonly ClassRule[] = [...build(TABLE), ...build(PHRASINGS)];

/** The reason an extension notice gives (GDPR Art. 12(3): complexity and number of requests). */
export const EXTENSION_REASON_RULES: readonly ClassRule[] = build({
  extension: {
    en: [
      [
        'complexity',
        3,
        `\\bcomplex(ity)?\\b|\\b(several|multiple) (systems|sites|sources|brands|databases)\\b`,
        'complexity',
      ],
      [
        'volume',
        3,
        `\\b(number|volume) of (requests|enquiries)\\b|\\bhigh (volume|number) of\\b`,
        'number_of_requests',
      ],
      ['because', 1, `\\b(due to|because of|owing to|as a result of)\\b`, 'other'],
    ],
    de: [
      ['komplex', 3, `\\bkomplex\\p{L}*|\\baufwendig\\b|\\bUmfang\\b|\\bmehreren Systemen\\b`, 'complexity'],
      [
        'anzahl',
        3,
        `\\b(Vielzahl|Anzahl|Zahl|Menge|Aufkommen)\\b{g}\\b(Anträge|Anfragen|Ersuchen|Auskunftsersuchen|Anträgen)\\b|\\bAnfrageaufkommen\\b`,
        'number_of_requests',
      ],
      ['wegen', 1, `\\b(aufgrund|wegen|bedingt durch)\\b`, 'other'],
    ],
    fr: [
      [
        'complexite',
        3,
        `\\bcomplexité\\b|\\bcomplexe\\b|\\bplusieurs (de nos )?(filiales|systèmes|sources)\\b|\\b(réparties|répartis) entre\\b|\\bdifférents (sites|dépôts|systèmes|entités)\\b`,
        'complexity',
      ],
      ['nombre', 3, `\\bnombre (très )?(important |élevé )?de demandes\\b`, 'number_of_requests'],
      ['motif', 1, `\\b(en raison (de|du|des)|du fait (de|du|des)|compte tenu (de|du|des))\\b`, 'other'],
    ],
    sv: [
      ['komplex', 3, `\\bkomplex\\p{L}*|\\bomfattande\\b|\\bflera system\\b`, 'complexity'],
      ['antal', 3, `\\b(stort|stora|högt) antal\\b|\\bmånga (förfrågningar|ärenden)\\b`, 'number_of_requests'],
      ['grund', 1, `\\b(på grund av|med anledning av)\\b`, 'other'],
    ],
    es: [
      ['complejidad', 3, `\\bcomplejidad\\b|\\bcompleja\\b|\\bvarios sistemas\\b`, 'complexity'],
      ['numero', 3, `\\b(elevado|gran|alto) número de solicitudes\\b`, 'number_of_requests'],
      ['motivo', 1, `\\b(debido (a|al)|por motivo de|a causa de|dado que|ya que)\\b`, 'other'],
    ],
    ja: [
      ['fukuzatsu', 3, `複雑|複数のシステム|大量|膨大`, 'complexity'],
      ['tame', 1, `(の|な|る|た)ため(、|に)`, 'other'],
      ['kensu', 3, `(請求|お問い合わせ)(が|の)?(多数|集中)`, 'number_of_requests'],
    ],
  },
});

/** Subject lines that name what the message is (auto-replies, bounces, receipts, extensions). */
export const SUBJECT_RULES: readonly ClassRule[] = build({
  auto_reply: {
    en: [
      [
        'subject',
        2,
        `^\\s*(automatic reply|auto-?reply|autoreply|auto|out of (the )?office|abwesenheitsnotiz|réponse automatique|automatiskt svar|respuesta automática|自動応答|自動返信)\\s*[:：]`,
      ],
    ],
  },
  bounce: {
    en: [
      [
        'subject',
        2,
        `\\b(undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail|failure notice|delivery failure|unzustellbar|non remis|olevererbart|no se puede entregar)\\b|配信不能|配信エラー`,
      ],
    ],
  },
  acknowledgement: {
    en: [
      [
        'subject',
        1,
        `\\b(request|ticket|case) (received|created|logged)\\b|\\bwe('ve| have) received\\b|\\bist eingegangen\\b|\\bbien été enregistrée\\b|\\bvi har tagit emot\\b|\\bhemos recibido\\b|受け付けました|受付完了`,
      ],
    ],
  },
  extension: {
    en: [
      [
        'subject',
        1.5,
        `\\bextension\\b|\\bFristverlängerung\\b|\\bVerlängerung\\b|\\bprolongation\\b|\\bprórroga\\b|\\bförlängning\\b|延長`,
      ],
    ],
  },
});
