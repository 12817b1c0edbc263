/**
 * The common alternative wordings of each class, per language: the verbs, inflections, word orders and synonyms a
 * company's privacy or support team uses for the same thing ("we have processed / actioned / carried out your
 * request", "please find enclosed", "we only accept requests through our portal", "no record of", ...). Written from
 * how these letters are phrased in each language, not from any one message, so that the rules in `rules.ts` (which
 * grew from the tuning corpus) reach wording they were not written for. Same row format and weights as `rules.ts`:
 * 3 = says it outright, 2 = a strong sign, 1 = a hint. An automatic class still needs two phrases to reach the 0.80
 * auto-apply threshold (see `conservative` in `classify.ts`).
 */
import type { Table } from './rules';
import type { ReplyClass } from './types';

/** "not", "never", "unable to" just before a verb turns a "done" into its opposite. */
const NOT_EN = "(?<!(?:not|n't|never|unable to|yet to) )";

export const PHRASINGS: Table = {
  acknowledgement: {
    en: [
      [
        'within_period',
        1.5,
        `\\b(we|our (team|privacy team|data protection team)) (will|shall|aim to|intend to) (respond|reply|get back to you|be in touch|provide (you with )?(a|our) response|process (it|your request)|action (it|your request))\\b{G}\\bwithin (\\d+|one|thirty|forty-five|a|the (statutory|legal|required))\\b`,
      ],
      [
        'submitted',
        2,
        `\\b(successfully|has been|have been|was) (submitted|received|logged|registered|created)\\b{g}\\b(and|we|our|you will|it will|it is)\\b|\\bthis (email|message) (is to )?confirms? (that )?(we|your)\\b`,
      ],
      [
        'in_queue',
        1.5,
        `\\b(in (our|the) queue|assigned to (a|an|our) (member|agent|specialist|team)|will be (handled|reviewed|processed|actioned) (by|in|within|as soon))\\b`,
      ],
      [
        'pick_up',
        1.5,
        `\\b(will|shall) (pick it up|pick up your request|take a look|look at it)\\b|\\bin the order (it was|they were|requests are) received\\b|\\b(replies|responses) to this email (are|will be) added\\b`,
      ],
    ],
    de: [
      [
        'binnen',
        1,
        `\\b(innerhalb|binnen)\\b{g}\\b(eines Monats|von \\d+ Tagen|der gesetzlichen Frist|der Frist)\\b{G}\\b(beantworten|antworten|melden|bearbeiten|Antwort)\\b`,
      ],
      ['erhalten', 2, `\\b(haben|hat) (Ihre|Ihr|Ihren)\\b{G}\\b(erhalten|empfangen|registriert|aufgenommen)\\b`],
      ['reihenfolge', 1.5, `\\bin der Reihenfolge (des|ihres) Eingangs\\b`],
    ],
    fr: [
      ['delai', 1, `\\b(dans|sous) un délai (d'un mois|de \\d+ jours|légal|d'un \\(1\\) mois)\\b`],
      [
        'enregistree',
        2,
        `\\b(demande|requête|message)\\b{g}\\b(a été|est) (bien )?(enregistrée?|reçue?|transmise? à notre)\\b`,
      ],
      ['ordre', 1.5, `\\bdans l'ordre (d'arrivée|de réception)\\b`],
    ],
    sv: [
      ['inom', 1, `\\binom (en månad|\\d+ dagar|trettio dagar|\\d+ arbetsdagar)\\b`],
      [
        'kommit_in',
        2,
        `\\b(din|ditt|er|ert) (begäran|ärende|mejl|meddelande)\\b{g}\\b(har kommit in|har inkommit|är mottagen|är mottaget)\\b`,
      ],
      [
        'fatt_nummer',
        2,
        `\\b(ärende|begäran|mejl)\\p{L}* har fått (ärende)?(nummer|ett ärendenummer|numret)\\b|\\bligger (nu )?hos (vårt|vår|våra)\\b`,
      ],
      ['tur_och_ordning', 1.5, `\\bi tur och ordning\\b|\\bvi hör av oss\\b|\\bså snart vi (har|kan)\\b`],
    ],
    es: [
      [
        'plazo',
        1,
        `\\ben un plazo (de|máximo de) (un mes|\\d+ días)\\b|\\bdentro del plazo (legal|legalmente establecido|establecido)\\b`,
      ],
      ['recepcion', 2, `\\b(hemos|ha) (recibido|registrado) (correctamente |con éxito )?(su|tu|la)\\b`],
      ['orden', 1.5, `\\bpor (riguroso )?orden de (llegada|recepción)\\b`],
    ],
    ja: [
      ['inai', 1, `(\\d+|一|1)\\s?(か月|ヶ月|カ月|日)以内に`],
      ['juryo', 2, `(ご請求|ご依頼|お申し出|お問い合わせ|ご連絡)(を|は)?(確かに|正常に)?(受領|拝受|受信)`],
      ['junban', 1.5, `(受付|到着|受信)順に`],
    ],
  },

  information_requested: {
    en: [
      [
        'please_more',
        2,
        `\\b(please|kindly) (clarify|specify|include|verify|answer|complete|fill in|fill out|sign and return|reply to this (email|message) with)\\b`,
      ],
      [
        'provide_items',
        2,
        `(?<!(?:have|has|had|we|been) )\\b(provide|send|supply|share|forward|attach|upload) (us )?(with )?(the following|a (copy|scan|photo|picture) of|proof of|your (full name|date of birth|address|postal address|email address|phone number|account|customer|order|username))\\b`,
      ],
      [
        'more_info_needed',
        2,
        `\\b(additional|further|more|some|extra) (information|details|documentation|documents|verification|identification|info)\\b{g}\\b(is |are |will be )?(needed|required|necessary|from you)\\b|\\b(need|require) (some )?(additional|further|more|extra) (information|details|documentation|verification)\\b`,
      ],
      [
        'until',
        2,
        `\\b(unable|not able|cannot|can't|won't be able) to (proceed|process|continue|progress|action|complete|locate)\\b{G}\\b(until|unless|without)\\b`,
      ],
      [
        'which',
        1.5,
        `\\b(which|what) (email|e-mail|account|address|name|phone|username|country|state|product|service|brand)\\b{G}\\?`,
      ],
      [
        'await',
        1,
        `\\b(we look forward to|we await|awaiting|pending) (receiving |your )?(reply|response|documents?|the (requested|above|information)|information|verification)\\b|\\bif we do not (hear|receive)\\b{G}\\b(close|closed)\\b`,
      ],
      [
        'click_verify',
        1.5,
        `\\bclick (on )?the (link|button)\\b{G}\\b(verify|confirm|validate)\\b|\\b(verify|confirm|validate)\\b{G}\\bclick(ing)? (on )?the (link|button)\\b`,
      ],
      [
        'attached_form',
        2,
        `\\b(attached|enclosed)\\b{g}\\b(form|template|declaration|authori[sz]ation form|affidavit)\\b`,
      ],
      ['need_list', 2, `\\b(we|I) (will )?(need|require) (the following|these (documents|details|items))?\\s?:\\s*$`],
      ['grateful', 2, `\\b(we would|we'd) be grateful if you could\\b|\\bit would help (us )?if you could\\b`],
    ],
    de: [
      [
        'benoetigen_was',
        2,
        `\\b(benötigen|brauchen|bräuchten|benötigten) (wir )?\\b{G}\\b(Angaben|Nachweis|Kopie|Informationen|Unterlagen|Bestätigung|Identitätsnachweis|Ausweiskopie|Geburtsdatum|Anschrift|Kundennummer)\\b`,
      ],
      [
        'bitte_um',
        2,
        `\\b(bitten|bitte) (wir )?(Sie )?um\\b{G}\\b(Kopie|Nachweis|Angabe|Angaben|Bestätigung|Unterlagen|Übermittlung|Zusendung|Rückmeldung)\\b`,
      ],
      [
        'erst_nach',
        1,
        `\\berst (nach|wenn|sobald)\\b{G}\\b(Identität|Nachweis|Angaben|Unterlagen|bestätigt|vorliegen|erhalten)\\b|\\bbis (zum )?Eingang (der|Ihrer)\\b`,
      ],
      [
        'zur_pruefung',
        1.5,
        `\\bzur (Prüfung|Verifizierung|Bestätigung|Feststellung) (Ihrer|der) (Identität|Berechtigung)\\b`,
      ],
      ['vorlage', 2, `\\b(anbei|im Anhang|beigefügt|beiliegend)\\b{g}\\b(Formular|Vorlage|Muster|Vollmacht\\p{L}*)`],
      [
        'liste',
        2,
        `\\b(benötigen|brauchen) wir (noch )?(folgende|die folgenden) (Angaben|Unterlagen|Informationen|Dokumente)?\\s?:?\\s*$`,
      ],
    ],
    fr: [
      [
        'pourriez',
        2,
        `\\b(pourriez-vous|pouvez-vous|pourriez vous|pouvez vous|merci de bien vouloir|je vous remercie de|nous vous saurions gré de|nous vous remercions de bien vouloir)\\b{G}\\b(transmettre|fournir|envoyer|communiquer|indiquer|préciser|confirmer|joindre|compléter|retourner|renvoyer)\\b`,
      ],
      [
        'justificatif',
        1.5,
        `\\b(justificatif|pièce justificative|copie|document)\\b{G}\\b(est |sont )?(nécessaires?|requis|requise|indispensables?|demandée?)\\b`,
      ],
      [
        'attente',
        1.5,
        `\\bdans l'attente de (votre|vos) (retour|réponse|justificatif|pièces|éléments)\\b|\\b(sans|à défaut de) (réponse|retour) de votre part\\b|\\bà réception de (votre|vos|ces|ce)\\b`,
      ],
      ['cliquer', 1.5, `\\b(cliquez|cliquer) sur le lien\\b{G}\\b(confirmer|vérifier|valider)\\b`],
      ['modele', 2, `\\b(ci-joint|ci-jointe|en pièce jointe)\\b{g}\\b(formulaire|modèle|attestation)\\b`],
      ['liste', 2, `\\bnous avons besoin (des éléments suivants|de|d')?\\s?:\\s*$`],
    ],
    sv: [
      [
        'behover_vad',
        2,
        `\\bbehöver vi\\b{G}\\b(kopia|uppgift|information|id-handling|legitimation|personnummer|bekräftelse|intyg|fullmakt|adress|födelsedatum)\\p{L}*`,
      ],
      ['skicka_in', 2, `\\b(skicka in|komplettera med|komplettera din|bifoga|ladda upp|fyll i och skicka)\\b`],
      [
        'sa_snart',
        1.5,
        `\\b(så snart|när) vi (har )?(fått|mottagit|tagit emot)\\b{G}\\b(uppgift|kopia|bekräftelse|svar|information|handling)\\p{L}*|\\bi väntan på (ditt|din|dina)\\b`,
      ],
      ['blankett', 2, `\\b(bifogat|bifogad|bifogade)\\b{g}\\b(formulär|blankett|mall|fullmakt)\\p{L}*`],
      [
        'skriv_svar',
        2,
        `\\bskriv (det|dem|uppgifterna)\\b{g}\\b(i )?(ett )?svar\\b|\\bbehöver (vi )?kunna (identifiera|verifiera|bekräfta)\\b`,
      ],
    ],
    es: [
      [
        'necesitamos_que',
        2,
        `\\b(necesitamos|necesitaríamos|requerimos|precisamos|es necesario que|será necesario que|es preciso que)\\b{G}\\b(copia|documento|DNI|datos|información|confirm\\p{L}+|verific\\p{L}+|acredit\\p{L}+|nos (envíe|remita|facilite|indique|aporte))\\b`,
      ],
      [
        'le_rogamos',
        2,
        `\\b(le|te|les) (rogamos|pedimos|solicitamos|agradeceremos|agradeceríamos)\\b{G}\\b(envíe|envíes|remita|remitas|facilite|facilites|aporte|aportes|indique|indiques|confirme|confirmes|adjunte|adjuntes|complete|completes|responda|respondas)\\b`,
      ],
      [
        'hasta_que',
        1.5,
        `\\bhasta (que|no) (recibamos|nos (envíe|remita|facilite|aporte))\\b|\\ben cuanto (recibamos|nos (envíe|remita|facilite))\\b`,
      ],
      [
        'modelo',
        2,
        `\\b(adjuntamos|adjunto|le adjuntamos|te adjuntamos)\\b{g}\\b(modelo|formulario|plantilla|impreso)\\b`,
      ],
      ['lista', 2, `\\bnecesitamos( lo siguiente| los siguientes documentos)?\\s?:\\s*$`],
    ],
    ja: [
      [
        'onegai',
        2,
        `(ご提出|ご送付|ご返送|ご返信|ご記入|ご用意|ご提示|ご登録|ご確認)(を|の)?(お願い(いたし|し|申し上げ)ます|いただけますでしょうか|いただきますよう|くださいますよう|いただけますか)`,
      ],
      [
        'kakunin_tame',
        1.5,
        `(確認|照合|特定)(のため|するため)\\p{Any}{0,20}(必要|お願い)|(以下|下記)の(情報|書類|事項|項目)を`,
      ],
      ['shoshiki', 2, `(申請書|所定の書式|様式|委任状)(を)?(添付|同封)`],
    ],
  },

  extension: {
    en: [
      [
        'taking_more',
        2,
        `\\b(need|require|take|taking|use|using|invoke|invoking|apply|applying|exercise|exercising) (up to )?(an |the )?(additional|further|extra|extended|permitted|allowed) (\\d+ |one |two |forty-five |sixty )?(calendar |business )?(days|months|weeks|time|period)\\b`,
      ],
      [
        'wont_meet',
        2,
        `\\b(will not|won't|cannot|can't|unable to|not able to|will be unable to) (be able to )?(meet|respond within|reply within|answer within|complete (it |your request |this )?within)\\b{G}\\b(deadline|days|month|time|period|window|timeframe)\\b|\\bwithin the (original|initial) (\\d+[- ]day |one[- ]month |30[- ]day |45[- ]day )?(deadline|period|timeframe|window|time limit)\\b`,
      ],
      ['new_date', 1.5, `\\b(new|revised|extended|updated) (due |response )?(date|deadline)\\b`],
      ['due_to', 1.5, `\\bdue to the (complexity|number|volume|high volume)\\b|\\b(need|require) until\\b`],
    ],
    de: [
      [
        'frist_nicht',
        2,
        `\\b(Bearbeitungsfrist|Antwortfrist|Monatsfrist|Frist)\\b{G}\\b(nicht einhalten|überschreiten|nicht halten)\\b|\\bnicht innerhalb\\b{G}\\b(Frist|Monats)\\p{L}*`,
      ],
      [
        'zeit_in_anspruch',
        2,
        `\\b(nimmt|nehmen|erfordert|benötigt)\\b{G}\\b(mehr|längere|zusätzliche|einige) Zeit\\b|\\bZeit in Anspruch\\b`,
      ],
      [
        'erst_bis',
        1.5,
        `\\berst (bis|am|zum)\\b{G}\\b(zukommen lassen|zur Verfügung stellen|beantworten|übermitteln|senden|abschließen)\\b`,
      ],
      ['aufgrund', 1.5, `\\baufgrund (der|des) (Komplexität|Vielzahl|Anzahl|Menge|Umfangs|hohen)\\b`],
      [
        'verschieben',
        3,
        `\\b(unsere|die|Ihre) (Antwort|Auskunft|Rückmeldung)\\b{g}\\b(verschieben|verschiebt sich|verzögert sich)\\b`,
      ],
      ['voraussichtlich', 2, `\\b(voraussichtlich|erst) bis (zum|Ende)\\b{G}\\b(dauern|abgeschlossen|vorliegen)\\b`],
    ],
    fr: [
      [
        'plus_de_temps',
        2,
        `\\b(nécessite|nécessitera|demande|exige|prendra|nécessitent)\\b{G}\\b(plus de temps|davantage de temps|un délai supplémentaire)\\b|\\bne (pourrons|pouvons) pas (vous )?répondre dans le délai\\b`,
      ],
      ['article_12', 1, `\\barticle 12(\\.|,? paragraphe |\\()3\\b`],
      ['en_raison', 1.5, `\\ben raison de la (complexité|nombre|quantité)\\b|\\ben raison du (nombre|volume)\\b`],
      [
        'reporter',
        3,
        `\\b(reporter|différer|repousser|décaler) (notre|la|votre) (réponse|délai|échéance)\\b|\\b(reportée?|différée?|repoussée?) (de|d'un|d'une) (\\d+|un|une|deux|trois) (mois|semaines|jours)\\b`,
      ],
    ],
    sv: [
      [
        'langre_tid',
        2,
        `\\b(tar|kommer att ta|kräver) (längre|mer|ytterligare) tid\\b|\\binte (hinner|kan) (svara|besvara|slutföra)\\b{G}\\binom\\b`,
      ],
      ['pa_grund', 1.5, `\\bpå grund av (komplexiteten|det stora antalet|ärendets omfattning|den stora mängden)\\b`],
      ['skjuta_upp', 3, `\\bskjut(a|er) (vi )?upp\\b{g}\\bsvar\\p{L}*`],
    ],
    es: [
      [
        'mas_tiempo',
        2,
        `\\b(requiere|requerirá|necesitará|llevará|está llevando|nos llevará)\\b{G}\\b(más tiempo|un plazo adicional|tiempo adicional)\\b|\\bno (podremos|podemos) (responder|contestar|atender)\\b{G}\\bdentro del plazo\\b|\\b(un|dos|tres|\\d+) (mes|meses) más\\b`,
      ],
      ['debido', 1.5, `\\bdebido a la complejidad\\b|\\bdebido al (elevado|gran) (número|volumen)\\b`],
      ['aplazar', 3, `\\b(aplazar|posponer|aplazamos|posponemos|retrasar)\\b{g}\\b(respuesta|plazo|contestación)\\b`],
    ],
    ja: [
      [
        'maniawa',
        2,
        `(期限|期日|回答期限|法定期間)(内|まで)に\\p{Any}{0,20}(できません|困難|難しい|間に合わ)|(ご回答|回答)(期限|予定日)を\\p{Any}{0,10}(変更|延ば)`,
      ],
      ['tame', 1.5, `(複雑|多数|大量)(である|な|の)?ため`],
    ],
  },

  fulfilled: {
    en: [
      [
        'actioned',
        3,
        `${NOT_EN}\\b(we have|we've|we) (now |successfully |fully |also )?(processed|completed|actioned|carried out|executed|fulfilled|honou?red|implemented|applied|finali[sz]ed)\\b{g}\\b(your|the|this)\\b{g}\\b(request|deletion|erasure|opt-?out|instruction|objection|correction|rectification)`,
      ],
      [
        'data_gone',
        3,
        `\\b(your|all|the) (personal )?(data|information|details|account|records?|profile|e-?mail address|contact details)\\b{g}\\b(has|have|was|were) (now )?(been )?(successfully |permanently |fully |completely )?(deleted|erased|removed|purged|anonymi[sz]ed|destroyed|deactivated|suppressed)\\b`,
      ],
      [
        'we_deleted',
        3,
        `${NOT_EN}\\b(we|we've|we have) (now |successfully |permanently )?(deleted|erased|removed|purged|anonymi[sz]ed|suppressed|destroyed) (your|the|all|any)\\b`,
      ],
      [
        'find_enclosed',
        0.75,
        `\\b(attached (you will|you'll) find|please find (attached|enclosed)|attached (is|are|please find)|enclosed (is|are|please find)|you will find attached|I have attached|we have attached|we've attached|attached to this (email|message))\\b`,
      ],
      [
        'link_valid',
        2,
        `\\b(download link|link (is|will be|remains) (valid|active|available)|valid for \\d+ (days|hours)|link (will )?expires?|expires (in|after) \\d+|secure download link|password-protected|password (for|to open) the (file|archive|zip))\\b`,
      ],
      [
        'export_ready',
        2,
        `\\b(data|account) export\\b|\\bexport (of your (data|account)|file)\\b|\\bhere is (the|your) (export|download|file|archive|report|copy)\\b`,
      ],
      [
        'request_done',
        3,
        `\\b(your|the|this) (request|deletion|erasure|opt-?out|access request|DSAR|SAR|deletion request|erasure request)\\b{g}\\b(is|has been|was) (now )?(complete|completed|done|fulfilled|finished|processed|actioned)\\b`,
      ],
      [
        'successfully',
        2,
        `\\bsuccessfully (deleted|erased|removed|processed|completed|unsubscribed|opted out|anonymi[sz]ed|closed)\\b`,
      ],
      [
        'confirm_done',
        2,
        `(?<!(?:please|kindly|you|to) )\\b(confirm|confirming) (that )?(we have|we've|your|the|all)\\b{G}\\b(been )?(deleted|erased|removed|processed|completed|anonymi[sz]ed|closed|updated|corrected)\\b`,
      ],
      [
        'opted_out',
        3,
        `\\b(opted you out|you have been (opted out|unsubscribed|removed from)|removed (you|your (e-?mail|address|details|number)) from (our|all|the))\\b`,
      ],
      [
        'details_updated',
        3,
        `\\b(your|the) (details|address|name|record|records|email address|phone number|date of birth|information)\\b{g}\\b(has|have) (now )?been (updated|corrected|rectified|amended|changed)\\b`,
      ],
      [
        'sent_separately',
        1.5,
        `\\b(sent|emailed|uploaded|shared) (you )?(the |a |your )?(copy|copies|file|archive|export|report|data)\\b{g}\\b(separately|securely|via|through|by)\\b`,
      ],
      [
        'is_attached',
        3,
        `\\b(your|the) (data|file|report|copy|export|archive|information|response)\\b{g}\\b(is|are) (attached|enclosed|included)\\b`,
      ],
      [
        'set_out',
        2,
        `\\b(information|data|details) (we hold|held)\\b{G}\\b(set out|listed|summari[sz]ed|shown|detailed) (below|in the attached)\\b`,
      ],
      ['stopped', 3, `\\b(we have|we've) (now )?(stopped|ceased) (selling|sharing|processing|using)\\b`],
    ],
    de: [
      [
        'erledigt',
        2,
        `\\b(wurde|wurden|ist|sind|haben wir|haben|hat)\\b{g}\\b(erfolgreich |vollständig |wie gewünscht |nun |jetzt )?(erledigt|umgesetzt|ausgeführt|durchgeführt|vollzogen)\\b|\\berledigt\\s?:`,
      ],
      [
        'anonymisiert',
        3,
        `(?<!nicht )\\b(haben|wurden|wurde|sind)\\b{G}\\b(anonymisiert|vernichtet|gesperrt|ausgetragen)\\b`,
      ],
      [
        'anhang_erhalten',
        0.75,
        `\\b(im Anhang|anbei|beigefügt|in der Anlage|als Anlage|als Anhang)\\b{G}\\b(finden|erhalten|senden|übersenden|übermitteln)\\b`,
      ],
      ['link_gueltig', 2, `\\bLink\\b{G}\\b(gültig|abrufbar)\\b|\\bDownload-Link\\b|\\bpasswortgeschützt\\p{L}*`],
      [
        'verfuegung',
        3,
        `\\b(Daten|Auskunft|Kopie|Datei|Export|Datenauskunft)\\b{G}\\b(steht|stehen) (Ihnen )?(ab sofort |nun |jetzt )?(zur Verfügung|zum Abruf|bereit)\\b`,
      ],
      [
        'verteiler',
        3,
        `\\b(aus|von) (unserem|dem|allen|unseren)\\b{g}\\b(Verteiler|Newsletter-Verteiler|Verteilern|Werbeverteiler|Listen)\\b{g}\\b(entfernt|ausgetragen|gestrichen|gelöscht)\\b`,
      ],
      [
        'widerspruch',
        3,
        `\\bWiderspruch\\b{G}\\b(umgesetzt|berücksichtigt|vermerkt|eingetragen|erfasst)\\b|\\bSperrvermerk\\b`,
      ],
      [
        'erfolgt',
        3,
        `\\b(Löschung|Berichtigung|Sperrung|Anonymisierung|Einschränkung|Datenübertragung)\\b{g}\\b(wurde|ist) (nun |jetzt |heute |bereits )?(erfolgt|durchgeführt|abgeschlossen|vorgenommen)\\b`,
      ],
      ['nicht_mehr', 2, `\\bnicht mehr (bei uns |in unseren Systemen )?(gespeichert|vorhanden|verarbeitet)\\b`],
      [
        'im_anhang',
        3,
        `\\b(Auskunft|Daten|Kopie|Übersicht|Datei|Export)\\b{G}\\b(im Anhang|anbei|beigefügt|in der Anlage)\\b`,
      ],
    ],
    fr: [
      [
        'traitee',
        3,
        `\\b(votre demande|la demande|votre requête|votre opposition|votre désinscription|votre demande d'\\p{L}+)\\b{g}\\b(a été|est) (bien )?(traitée|exécutée|finalisée|effectuée|satisfaite|menée à bien)\\b|\\bnous avons (bien )?(procédé à|fait droit à|donné suite à|traité)\\b`,
      ],
      [
        'procede',
        3,
        `\\b(avons|a été|été) procédé à (la |l')(suppression|effacement|rectification|clôture|anonymisation|désinscription|mise à jour)\\b`,
      ],
      [
        'vous_trouverez',
        0.75,
        `\\bvous trouverez (ci-joint|ci-jointe|ci-dessous|en pièce jointe|en annexe)\\b|\\ben pièce jointe\\b|\\bvous (adressons|transmettons|communiquons) (ci-joint|en annexe)\\b`,
      ],
      [
        'lien',
        2,
        `\\blien (de téléchargement|sécurisé|valable|est valable|expirera|restera actif)\\b|\\bvalable (pendant )?\\d+ jours\\b|\\btéléchargeable\\b`,
      ],
      ['desinscrit', 3, `\\b(avons|a été|avez été) (bien )?(désinscrit|désabonné|retiré)\\p{L}*`],
      [
        'disposition',
        2,
        `\\b(données|copie|export|archive|fichier)\\b{G}\\b(est|sont) (désormais |maintenant )?(disponibles?|mise?s? à (votre )?disposition)\\b`,
      ],
      [
        'effectuee',
        3,
        `\\b(suppression|effacement|rectification|clôture|anonymisation|désinscription)\\b{g}\\b(a été|est) (bien )?(effectuée|réalisée|faite|finalisée|terminée)\\b`,
      ],
      ['ne_plus', 2, `\\bne (figurent|figure|apparaissent|sont) plus (dans|enregistrées|conservées)\\b`],
    ],
    sv: [
      [
        'genomford',
        3,
        `\\b(din|ditt|er|ert) (begäran|ärende|förfrågan|invändning)\\b{g}\\b(är|har) (nu )?(genomförd|genomförts|behandlad|behandlats|hanterad|hanterats|slutförd|slutförts|utförd|utförts|åtgärdad|åtgärdats)\\b`,
      ],
      [
        'anonymiserat',
        3,
        `(?<!inte )\\b(har|är|blivit|nu|vi har) (nu )?(anonymiserats|anonymiserat|anonymiserade|rensats|makulerats|spärrats|raderat)\\b`,
      ],
      [
        'lank',
        2,
        `\\blänk(en)?\\b{G}\\b(giltig|gäller|ladda)\\p{L}*|\\bnedladdningslänk\\p{L}*|\\bregisterutdrag\\p{L}*\\b{G}\\b(bifogat|bifogad|finns|hittar du|skickats|skickat)\\b`,
      ],
      ['bifogat_finner', 2, `\\b(bifogat|bifogad|bifogade) (finner|hittar) du\\b|\\bi bifogad fil\\b|\\bsom bilaga\\b`],
      ['avregistrerad', 2, `\\b(avregistrerat|avregistrerad|avanmäld|avanmält)\\b`],
      [
        'genomford_radering',
        3,
        `\\b(raderingen|borttagningen|rättelsen|avregistreringen)\\b{g}\\b(är|har) (nu )?(genomförd|genomförts|klar|gjord|gjorts|slutförd)\\b`,
      ],
      ['inte_langre', 2, `\\b(finns|lagras|sparas|behandlas) (inte|inga) längre\\b`],
    ],
    es: [
      [
        'tramitado',
        3,
        `\\b(hemos|se ha|ha sido|ha quedado) (tramitado|tramitada|atendido|atendida|completado|completada|ejecutado|ejecutada|procesado|procesada|gestionado|gestionada|realizado|realizada)\\b{g}\\b(su|tu|la) (solicitud|petición|supresión|baja|oposición|rectificación)\\b|\\b(su|tu) (solicitud|petición)\\b{g}\\b(ha sido|ha quedado|se ha) (atendida|tramitada|completada|resuelta|ejecutada|procesada|gestionada)\\b`,
      ],
      [
        'dado_de_baja',
        3,
        `\\bhemos (dado|procedido a dar) de baja\\b|\\b(hemos procedido|procedemos) a (la )?(supresión|eliminación|cancelación|rectificación|baja|anonimización)\\b`,
      ],
      [
        'enlace',
        2,
        `\\benlace\\b{G}\\b(descarga|válido|caduca)\\p{L}*|\\b(válido|disponible) durante \\d+ (días|horas)\\b`,
      ],
      [
        'adjuntamos',
        2,
        `\\b(adjunto (le|te) (remitimos|enviamos)|le adjuntamos|te adjuntamos|encontrará adjunt\\p{L}*|en el archivo adjunto|en (el )?(fichero|documento) adjunto)\\b`,
      ],
      ['anonimizado', 3, `(?<!no )\\b(hemos|han sido|ha sido|se han|se ha) (anonimizad|destruid|bloquead)\\p{L}*`],
      [
        'realizada',
        3,
        `\\b(supresión|eliminación|rectificación|baja|cancelación|anonimización)\\b{g}\\b(se ha|ha sido|ha quedado|está) (realizad|efectuad|completad|hech|aplicad|tramitad)[oa]\\b`,
      ],
      ['ya_no_constan', 3, `\\bya no (constan|figuran|aparecen|existen|se encuentran)\\b`],
    ],
    ja: [
      [
        'taio_kanryo',
        3,
        `(対応|処理|お手続き|手続|ご依頼|ご請求)\\p{Any}{0,10}(完了|終了)(いた)?(しました|いたしました|しております|いたします)`,
      ],
      ['sakujo_zumi', 3, `(削除|消去|退会処理|配信停止|利用停止)(いた)?しました|(削除|消去)(済み|済)`],
      ['tenpu_shimasu', 1.5, `(添付|同封)(いたし|し)(ます|ました)|別添の(とおり|通り)`],
      ['kigen', 2, `ダウンロード(期限|用URL|用リンク)|(URL|リンク)の有効期限|パスワード(は|を)別途`],
      ['gokibou', 2, `(ご請求|ご依頼|ご要望)(の通り|どおり|に基づき)\\p{Any}{0,20}(いたしました|しました)`],
    ],
  },

  partially_fulfilled: {
    en: [
      [
        'remainder',
        3,
        `\\b(the rest|the remainder|remaining (part|items|data|records|information))\\b{G}\\b(will (follow|be sent|be provided)|shortly|in a (separate|second|further))\\b|\\bpartial (response|disclosure|deletion)\\b`,
      ],
      [
        'except_kept',
        2,
        `\\b(except (for )?|apart from|with the exception of|other than)\\b{G}\\b(which we|we (must|need to|have to|are required to)|retain|keep|kept|cannot)\\b`,
      ],
      [
        'first_file',
        3,
        `\\b(a |the |this )?first (file|set|export|delivery|extract)\\b|\\b(we will|we'll) (send|forward|provide) (them|these|the rest|the remaining)\\b{G}\\b(as soon as|once|when)\\b`,
      ],
    ],
    de: [
      [
        'rest',
        3,
        `\\b(restlichen|übrigen|verbleibenden) (Daten|Unterlagen|Informationen|Angaben)\\b{G}\\b(folgen|senden|nachreichen|übermitteln)\\b`,
      ],
      ['erste_datei', 3, `\\berste(n|s)? (Datei|Lieferung|Export|Teillieferung)\\b`],
    ],
    fr: [
      [
        'reste',
        3,
        `\\b(le reste|les autres (données|éléments)|le solde)\\b{G}\\b(suivr\\p{L}*|envoyé\\p{L}*|transmis\\p{L}*|prochainement)\\b`,
      ],
      ['premier', 3, `\\bun premier (fichier|envoi|lot|export)\\b|\\bpremière partie\\b`],
    ],
    sv: [
      [
        'resten',
        3,
        `\\b(resten|resterande|återstående) (av )?(uppgifter|data|informationen|delen)\\p{L}*\\b{G}\\b(skickas|kommer|följer)\\b`,
      ],
      ['forsta', 3, `\\b(en )?första (fil|leverans|omgång)\\p{L}*`],
    ],
    es: [
      [
        'resto',
        3,
        `\\b(el resto|los demás datos|la información restante)\\b{G}\\b(enviaremos|remitiremos|recibirá|próximamente|en breve)\\b`,
      ],
      ['primer', 3, `\\b(un |el )?(primer|primera) (fichero|archivo|envío|parte|entrega|bloque|lote)\\b`],
      [
        'enviaremos',
        2,
        `\\b(se los|se las|le|te) (enviaremos|remitiremos|haremos llegar)\\b{G}\\b(en cuanto|cuando|tan pronto|más adelante|próximamente)\\b`,
      ],
    ],
    ja: [
      ['nokori', 3, `(残り|残る|その他)の(データ|情報|資料|書類)\\p{Any}{0,20}(後日|追って|改めて|別途)`],
      ['saki', 3, `第一弾|第1弾|一部を先に|先行して(お送り|送付)`],
    ],
  },

  denied: {
    en: [
      [
        'not_in_position',
        2,
        `\\b(we are|we're|we were) (unfortunately |therefore |regrettably )?(unable|not able|not in a position) to (grant|accept|assist|help|complete|provide|disclose|erase|honou?r|comply)\\b`,
      ],
      [
        'declined',
        3,
        `\\b(request|application|it)\\b{g}\\b(is|has been|was|must be) (declined|refused|rejected|denied)\\b|\\b(must|have to|regret(fully)? (to|that we)|will have to|need to) (decline|refuse|reject|deny)\\b`,
        'other',
      ],
      [
        'no_record_of',
        3,
        `\\b(we have|we hold|there is|there are|we could find|we found|we were able to find|we can find) no (record|records|trace|account|accounts|data|information|personal (data|information)|customer account|match(es)?|matching (account|record|customer|profile)s?)\\b{g}\\b(of|for|about|under|matching|associated|linked|relating|related|with|in)\\b`,
        'no_data_found',
      ],
      [
        'no_match',
        3,
        `\\bno (matching (account|record|customer|profile)s?|match (was )?found)\\b|\\b(did not|didn't) (return|produce|yield) any (results|matches|records)\\b|\\bsearch\\b{G}\\b(returned|produced|found) no\\b|\\b(could not|couldn't|were unable to|did not|didn't|failed to) (match|trace)\\b{G}\\b(you|your|account|record|customer|profile)\\b`,
        'no_data_found',
      ],
      [
        'only_residents',
        3,
        `\\b(only|solely) (applies|apply|available|extends?) to\\b{G}\\b(residents|citizens)\\b|\\b(you are|you're) not (a )?(resident|residing)\\b|\\byou do not (appear to )?(reside|live) in\\b`,
        'not_a_resident',
      ],
      [
        'retention',
        3,
        `\\b(we are|we're) (required|obliged|obligated|legally required) (by law )?to (retain|keep|store|hold|preserve)\\b|\\bretention (obligation|requirement)s?\\b|\\b(anti-money laundering|AML|tax|accounting|bookkeeping) (law|laws|rules|obligations|requirements|regulations|purposes)\\b`,
        'exemption',
      ],
      [
        'cannot_verify',
        3,
        `\\b(unable|not able|could not|couldn't|cannot|can't|were unable|were not able) to (authenticate|establish) (you|your|the identity|who you|the requester)\\b`,
        'not_verified',
      ],
      [
        'third_party',
        2,
        `\\b(cannot|can't|do not|don't|will not|won't|unable to) (accept|process|action|respond to|act on) (requests|this request)\\b{G}\\b(third part(y|ies)|agents?|on behalf|authori[sz]ed agents?)\\b`,
        'other',
      ],
      [
        'processor',
        3,
        `\\b(we are|we act as|acting as) (only |merely )?(a|the) (data )?processor\\b|\\b(we are|we're) not the (data )?controller\\b`,
        'other',
      ],
      ['requirements', 2, `\\bdoes not (meet|satisfy) the (requirements|criteria|conditions)\\b`, 'other'],
      [
        'business_only',
        2,
        `\\b(only|exclusively) (work|deal|trade|sell) (with|to) (businesses|companies|trade customers)\\b`,
        'not_a_customer',
      ],
      [
        'residents_only',
        3,
        `\\b(rights|protections)\\b{G}\\b(only|exclusively|solely)\\b{G}\\bresidents\\b`,
        'not_a_resident',
      ],
      [
        'not_received',
        2,
        `\\b(we have not|we haven't|we did not|we didn't) (yet )?receive(d)? (the|any|your) (requested )?(information|documents?|ID|identification|proof|verification|response)\\b`,
        'not_verified',
      ],
      [
        'decided_not',
        3,
        `\\b(decided|chosen) not to (comply|proceed|act on|action|fulfil|fulfill|delete|disclose|provide)\\b`,
        'other',
      ],
    ],
    de: [
      [
        'liegen_keine',
        3,
        `\\b(liegen|sind) (uns |bei uns )?keine\\b{g}\\b(Daten|Informationen|Einträge|Angaben|Kundendaten|Datensätze)\\b|\\bkeine\\b{g}\\b(Daten|Datensätze|Einträge|Kundenkonto|Konto)\\b{G}\\b(zu Ihrer Person|zu Ihnen|über Sie|unter (dieser|der|Ihrer))\\b`,
        'no_data_found',
      ],
      [
        'nicht_finden',
        2,
        `\\bkonnten wir\\b{G}\\b(nicht|kein\\p{L}*)\\b{G}\\b(finden|ermitteln|auffinden|ausfindig machen)\\b`,
        'no_data_found',
      ],
      [
        'abgelehnt',
        2,
        `\\b(müssen|mussten)\\b{G}\\b(ablehnen|zurückweisen|verweigern)\\b|\\b(wird|wurde|ist|werden) (hiermit |daher |leider )?(abgelehnt|zurückgewiesen)\\b`,
        'other',
      ],
      [
        'nicht_moeglich',
        2,
        `\\b(Löschung|Auskunft|Herausgabe|Auskunftserteilung)\\b{G}\\bnicht (möglich|erteilen|vornehmen)\\b|\\b(können|dürfen) wir\\b{G}\\bnicht (löschen|herausgeben|erteilen|nachkommen|entsprechen|entfernen)\\b`,
        'other',
      ],
      [
        'gesetz',
        3,
        `\\b(gesetzlich|handelsrechtlich|steuerrechtlich)\\p{L}*\\b{G}\\b(aufbewahr|speicher|verpflicht)\\p{L}*|\\b(HGB|Abgabenordnung|Handelsgesetzbuch|Geldwäschegesetz|GwG)\\b`,
        'exemption',
      ],
      [
        'nicht_ansaessig',
        3,
        `\\b(nur|ausschließlich) (für|auf)\\b{G}\\b(Einwohner|Bewohner|Wohnsitz|ansässig)\\p{L}*|\\bnicht (in|im)\\b{G}\\b(ansässig|wohnhaft)\\b`,
        'not_a_resident',
      ],
      [
        'nicht_nachgewiesen',
        3,
        `\\b(Identität|Berechtigung)\\b{G}\\bnicht\\b{g}\\b(nachgewiesen|bestätigt|verifiziert|festgestellt)\\b`,
        'not_verified',
      ],
      ['dritte', 3, `\\bRechte (und Freiheiten )?(Dritter|anderer Personen)\\b|\\bDaten Dritter\\b`, 'exemption'],
      [
        'auftragsverarbeiter',
        3,
        `\\b(sind|handeln als|agieren als) (lediglich |nur )?(ein |als )?Auftragsverarbeiter\\b|\\bnicht (der )?Verantwortliche\\b`,
        'other',
      ],
      ['stattgeben', 2, `\\bnicht stattgeben\\b|\\bnicht entsprochen werden\\b`, 'other'],
      [
        'lehnen',
        3,
        `\\b(lehnen|weisen) (wir )?(daher |deshalb |leider )?(den|Ihren|diesen|Ihre|die) (Antrag|Anfrage|Ersuchen|Auskunftsantrag|Löschantrag)\\b`,
        'other',
      ],
      [
        'andere_person',
        3,
        `\\bnicht ausschließen\\b{G}\\b(andere(n|r)? Person|Dritte\\p{L}*)|\\b(liegen uns|haben wir)\\b{g}\\b(Angaben|Unterlagen|Nachweis\\p{L}*)\\b{g}\\bnicht (vor|erhalten)\\b`,
        'not_verified',
      ],
      ['nur_firmen', 2, `\\bausschließlich (mit|an) (Unternehmen|Geschäftskunden|Gewerbekunden)\\b`, 'not_a_customer'],
      [
        'keine_auskunft',
        2,
        `\\b(können|dürfen) wir\\b{G}\\bkeine (Auskunft|Daten|Kopie)\\b{g}\\b(erteilen|herausgeben|geben|übermitteln)\\b`,
        'other',
      ],
    ],
    fr: [
      [
        'aucun_compte',
        3,
        `\\b(ne )?(figurez|figure|apparaissez) pas (dans|parmi) (nos|notre)\\b|\\baucun (compte|dossier|enregistrement|résultat|client)\\b{G}\\b(associé|correspondant|trouvé|lié|au nom)\\p{L}*|\\bn'(avons|a) pas (pu )?(trouver|retrouver|identifier|localiser)\\b{g}\\b(aucun|aucune|votre|de compte)\\b|\\bne (détenons|conservons|possédons|traitons|avons) (plus )?(aucune|aucun|pas de) (donnée|information|compte|dossier)`,
        'no_data_found',
      ],
      [
        'pas_en_mesure',
        2,
        `\\b(ne (sommes|serons) (donc |malheureusement |toutefois )?pas en mesure de|sommes dans l'impossibilité de|regrettons de ne pas pouvoir|ne pouvons (pas )?(faire droit|répondre favorablement))\\b`,
        'other',
      ],
      [
        'rejetee',
        3,
        `\\b(demande|requête)\\b{g}\\b(est|a été) (rejetée|refusée|déclarée irrecevable|irrecevable)\\b|\\birrecevable\\b`,
        'other',
      ],
      [
        'conservation',
        3,
        `\\b(tenus|obligés|contraints) de (conserver|garder)\\b|\\b(Code de commerce|Code monétaire|lutte contre le blanchiment)\\b`,
        'exemption',
      ],
      [
        'faute_de',
        3,
        `\\b(identité|qualité)\\b{G}\\bn'a pas (pu être|été) (vérifiée|établie|confirmée|justifiée)\\b|\\bfaute de (justificatif|pièce justificative|preuve d'identité)\\b`,
        'not_verified',
      ],
      [
        'ne_residez',
        3,
        `\\b(ne résidez pas|n'habitez pas)\\b|\\buniquement aux (résidents|personnes résidant)\\b`,
        'not_a_resident',
      ],
      [
        'sous_traitant',
        3,
        `\\b(sommes|agissons en tant que|agissons comme) (un |le )?sous-traitant\\b|\\bpas (le )?responsable (du|de) traitement\\b`,
        'other',
      ],
      [
        'ni_client',
        3,
        `\\b(n'êtes|n'avez jamais été|n'étiez) (ni |pas |jamais )?(client|cliente)\\p{L}*|\\bexclusivement avec des (entreprises|professionnels)\\b`,
        'not_a_customer',
      ],
      [
        'pas_recu',
        2,
        `\\bn'avons pas reçu (les|vos|de) (pièces|justificatifs|informations|documents|éléments)\\b`,
        'not_verified',
      ],
    ],
    sv: [
      [
        'finns_inte',
        3,
        `\\b(har|hade) vi (inga|inte några) (personuppgifter|uppgifter|registrerade uppgifter|konton?|kundkonton?)\\b|\\b(finns|förekommer) (inte|ej) (i|hos) (våra|vårt|oss)\\b|\\bkan inte hitta\\b{G}\\b(konto|uppgift|kund|dig)\\p{L}*|\\bingen träff\\p{L}*`,
        'no_data_found',
      ],
      [
        'avslar',
        2,
        `\\b(avslår|avslagits|avslås|nekas|nekar|avvisar|avvisas)\\b|\\bkan (tyvärr )?inte (bifalla|genomföra|uppfylla|efterkomma|behandla)\\b|\\bhar (tyvärr )?inte möjlighet att\\b`,
        'other',
      ],
      [
        'maste_spara',
        3,
        `\\b(måste|behöver|är skyldiga att) (spara|behålla|bevara)\\b{G}\\b(lag|lagen|år|bokföring|skatt)\\p{L}*|\\b(penningtvätts|bokförings|skatte)\\p{L}*lag\\p{L}*`,
        'exemption',
      ],
      [
        'bosatt',
        3,
        `\\b(inte|ej) (bosatt|folkbokförd|invånare)\\b|\\bgäller (endast|bara) (för )?(personer|invånare|boende)\\b`,
        'not_a_resident',
      ],
      [
        'bitrade',
        3,
        `\\b(är|agerar som) (endast |bara )?(ett )?personuppgiftsbiträde\\b|\\binte personuppgiftsansvarig\\b`,
        'other',
      ],
      [
        'inte_fatt',
        2,
        `\\bhar (inte|ännu inte) fått (in )?(de begärda|några|dina|den begärda) (uppgifter|handlingar|kopia|legitimation)\\p{L}*`,
        'not_verified',
      ],
    ],
    es: [
      [
        'no_figura',
        3,
        `\\bno (figura|figuran|aparece|aparecen|existe|existen|hay)\\b{G}\\b(datos|registros?|cuenta|cliente|información|ningún)\\b|\\bno (hemos podido|se ha podido|pudimos) (localizar|encontrar|identificar)\\b|\\bningun[ao] (cuenta|registro|información|resultado)\\b`,
        'no_data_found',
      ],
      [
        'denegamos',
        2,
        `\\b(denegamos|rechazamos|desestimamos|debemos denegar|no podemos acceder a)\\b|\\b(solicitud|petición)\\b{g}\\b(ha sido|queda|es) (denegada|rechazada|desestimada|inadmitida)\\b`,
        'other',
      ],
      [
        'conservar',
        3,
        `\\b(obligad[oa]s? a|debemos|tenemos que|deber de) (conservar|mantener|guardar|bloquear)\\b`,
        'exemption',
      ],
      [
        'no_acreditada',
        3,
        `\\bno (ha quedado|queda) acreditada (su|tu) identidad\\b|\\bsin (acreditar|verificar) (su|tu) identidad\\b{G}\\bno\\b`,
        'not_verified',
      ],
      [
        'encargado',
        3,
        `\\b(somos|actuamos como) (un |el |únicamente )?encargado del tratamiento\\b|\\bno (somos|es) (el )?responsable del tratamiento\\b`,
        'other',
      ],
      [
        'residentes',
        3,
        `\\b(corresponden|se aplican|aplican|son aplicables)\\b{g}\\b(únicamente|solo|solamente|exclusivamente)\\b{g}\\ba los residentes\\b|\\b(usted|tú) (no )?(reside|resides) en\\b`,
        'not_a_resident',
      ],
      [
        'no_recibido',
        2,
        `\\bno hemos recibido (la documentación|los documentos|la información|respuesta)\\b`,
        'not_verified',
      ],
      ['solo_empresas', 2, `\\bexclusivamente (con|a) empresas\\b`, 'not_a_customer'],
      ['decidido_no', 2, `\\bhemos decidido no\\b`, 'other'],
    ],
    ja: [
      [
        'toroku_nashi',
        3,
        `(該当|一致)する(お客様|会員|アカウント|情報|データ|登録)\\p{Any}{0,10}(ございません|ありません|確認できません|見当たりません|存在しません)|(登録|記録)(が|は)?(ございません|ありません|確認できませんでした|見当たりません)|保有(して)?おりません`,
        'no_data_found',
      ],
      [
        'kotowari',
        2,
        `見送らせて|ご要望にお応えできません|お応えできかねます|応じられません|ご希望に沿いかねます|お受けいたしかねます`,
        'other',
      ],
      [
        'honnin_dekizu',
        3,
        `本人確認(が|を)?(完了|でき)(せず|ません)|ご本人(様)?からのご請求であることを確認できない`,
        'not_verified',
      ],
      [
        'hozon_gimu2',
        3,
        `(法令|法律|税法|会計)\\p{Any}{0,15}(保存|保管|保持)(が|する)?義務|一定期間(保存|保管)`,
        'exemption',
      ],
      ['itakusaki', 3, `(当社|弊社)は\\p{Any}{0,10}(委託先|受託者)`, 'other'],
      [
        'teishutsu_nashi',
        2,
        `ご提出(が|を)?(いただけなかった|ございませんでした|いただけませんでした)`,
        'not_verified',
      ],
    ],
  },

  wrong_channel: {
    en: [
      [
        'must_be_submitted',
        3,
        `\\b(requests?|DSARs?|privacy requests?|data requests?|such requests)\\b{G}\\b(must|need to|have to|should|can only) be (submitted|made|sent|filed|raised|lodged|directed)\\b{G}\\b(form|portal|online|website|app|privacy cent(er|re)|https?://|in writing|by post|via|through)\\b`,
      ],
      [
        'only_through',
        3,
        `\\b(only|exclusively|solely) (be )?(accept|process|handle|action|respond to|consider|receive)\\p{L}*\\b{G}\\b(form|portal|online|website|app|post|in writing|privacy cent(er|re))\\b`,
      ],
      [
        'not_for_privacy',
        3,
        `\\bnot (monitored|processed|read|handled|used) for (privacy|data protection|GDPR|CCPA|data subject|personal data)\\b|\\bis not (the right|the correct|an appropriate|the appropriate) (channel|place|address|team|department|contact)\\b`,
      ],
      [
        'resend_to',
        3,
        `\\b(please )?(re-?send|re-?submit|re-?direct|direct|address|submit) (your|the|this) (request|email|message|enquiry|inquiry)\\b{G}\\b(to|at) [\\w.+-]+@`,
      ],
      [
        'not_here',
        2,
        `\\b(can't|cannot|unable to|not able to|do not|don't) (process|handle|accept|action)\\b{g}\\b(requests?|it|this)\\b{g}\\b(here|through this (channel|address|mailbox|inbox)|by (e-?mail|phone))\\b`,
      ],
      ['privacy_center', 1, `\\b(privacy|data) (cent(er|re)|portal|request (form|portal)|rights (form|portal))\\b`],
      [
        'exercise_at',
        2,
        `\\byou (can|may) (exercise|submit|make|manage)\\b{G}\\b(rights|request|requests|preferences)\\b{G}\\b(at|via|through|using|on|in) (our|the|https?://)`,
      ],
      [
        'for_privacy_contact',
        1.5,
        `\\bfor (privacy|data protection|GDPR|CCPA|personal data)\\b{g}\\b(requests?|matters|enquiries|inquiries|questions)\\b{G}\\b(contact|email|write to|reach|visit|use|go to)\\b`,
      ],
      [
        'no_incoming',
        2,
        `\\b(does not|doesn't|cannot|can't) (accept|receive) (incoming |replies|e-?mails?|mail|messages)\\b`,
      ],
    ],
    de: [
      [
        'anfragen_nur',
        3,
        `\\b(Anfragen|Anträge|Anliegen|Datenschutzanfragen|Auskunftsersuchen|Löschanträge|Anfrage|Antrag)\\b{G}\\b(nur|ausschließlich|lediglich)\\b{G}\\b(über|per|via|mittels|schriftlich|Formular|Portal)\\b`,
      ],
      [
        'stellen_sie',
        3,
        `\\b(stellen|richten|senden|reichen) Sie\\b{G}\\b(über|unter|via|mittels)\\b{G}\\b(Formular|Portal|Kundenkonto|Website|Webseite|Online)\\p{L}*`,
      ],
      [
        'nicht_zustaendig',
        2,
        `\\bnicht zuständig\\b|\\bfalschen? (Ansprechpartner|Adresse|Stelle|Postfach)\\b|\\bzuständigen? (Stelle|Abteilung|Ansprechpartner)\\b`,
      ],
      [
        'postfach_nicht',
        3,
        `\\b(Postfach|E-Mail-Adresse|Mailadresse)\\b{G}\\bnicht (überwacht|bearbeitet|gelesen|abgerufen)\\b`,
      ],
      ['an_adresse', 3, `\\b(richten|senden|schicken|wenden) Sie\\b{G}\\b(an|über) [\\w.+-]+@`],
      [
        'postfach_nicht2',
        3,
        `\\b(über|via) (dieses|das|diese) (Postfach|E-Mail-Postfach|Adresse|Mailadresse)\\b{G}\\bnicht\\b`,
      ],
      ['erneut_an', 3, `\\b(senden|schicken|richten) Sie\\b{g}\\b(erneut|nochmals|noch einmal|direkt)\\b{G}\\ban\\b`],
      [
        'nur_entgegen',
        3,
        `\\b(nehmen|bearbeiten|beantworten) wir\\b{G}\\b(nur|ausschließlich)\\b{G}\\b(entgegen|über|per)\\b`,
      ],
    ],
    fr: [
      [
        'uniquement_via',
        3,
        `\\b(uniquement|exclusivement|seulement)\\b{G}\\b(via|par|sur|au moyen de|depuis|à travers)\\b{G}\\b(formulaire|portail|espace|site|application|courrier)\\b|\\b(demandes?|requêtes?)\\b{G}\\b(doivent|doit) être\\b{g}\\b(effectuées?|formulées?|déposées?|soumises?)\\b`,
      ],
      [
        'pas_le_bon',
        2,
        `\\b(cette (adresse|boîte)|ce (courriel|canal|service))\\b{G}\\b(n'est pas|ne (traite|permet) pas)\\b|\\bn'est pas (le bon|l'interlocuteur|compétent)\\b|\\bservice compétent\\b`,
      ],
      [
        'merci_formulaire',
        2,
        `\\b(merci de|veuillez|nous vous invitons à)\\b{G}\\b(formulaire|portail|espace (client|personnel|confidentialité)|centre de confidentialité)\\b`,
      ],
      [
        'exercer',
        2,
        `\\bpour exercer (vos|ce|votre|ces) droits?\\b{G}\\b(rendez-vous|connectez-vous|utilisez|contactez|adressez|écrivez|via)\\b|\\brendez-vous (sur|à l'adresse|dans la rubrique)\\b`,
      ],
      ['ecrivez', 3, `\\b(écrivez|écrire|adressez-vous|adresser votre demande)\\b{G}\\bà [\\w.+-]+@`],
      ['ne_traitons', 3, `\\bne (traitons|acceptons|prenons en charge) pas les demandes\\b{G}\\b(par|via|sur)\\b`],
    ],
    sv: [
      [
        'endast_via',
        3,
        `\\b(endast|bara|enbart|uteslutande)\\b{G}\\b(via|genom|på|i|per)\\b{g}\\b(formulär\\p{L}*|webbformulär\\p{L}*|portal\\p{L}*|appen|Mina sidor|post|brev|webbplats\\p{L}*|hemsida\\p{L}*)|\\b(begäran|förfrågningar|ärenden)\\b{G}\\b(måste|ska) (göras|skickas|lämnas|ske)\\b{G}\\b(via|genom|på|i)\\b`,
      ],
      [
        'ratt_kanal',
        2,
        `\\b(bevakas|övervakas) inte\\b|\\binte (rätt|korrekt) (kanal|adress|mottagare)\\b|\\brätt (kanal|adress|avdelning)\\b`,
      ],
      ['ga_till', 2, `\\b(gå till|besök|logga in på)\\b{G}\\b(formulär|portal|Mina sidor|integritet|dataskydd)\\p{L}*`],
      [
        'mejla_till',
        3,
        `\\b(mejla|maila|e-posta) (din begäran|ditt ärende|oss)\\b{G}\\btill [\\w.+-]+@|\\bkontakta (vårt|vår) (dataskyddsombud|kundtjänst)\\b{G}\\b(på|via) [\\w.+-]+@`,
      ],
      ['utova', 2, `\\bför att (utöva|använda) dina rättigheter\\b{G}\\b(använd|besök|gå till|logga in|via)\\b`],
      ['tar_inte_emot', 3, `\\b(tar|hanterar|behandlar) (vi )?inte emot\\b{G}\\b(via|per|på) (mejl|e-post)\\b`],
    ],
    es: [
      [
        'unicamente',
        3,
        `\\b(únicamente|solo|sólo|exclusivamente)\\b{G}\\b(a través|mediante|por medio|desde|vía)\\b{g}\\b(formulario|portal|web|sitio|app|aplicación|correo postal|área|centro de privacidad)\\b|\\b(solicitudes|peticiones)\\b{G}\\b(deben|deberán|tienen que)\\b{g}\\b(realizarse|presentarse|enviarse|tramitarse|hacerse|remitirse|dirigirse)\\b`,
      ],
      [
        'canal',
        3,
        `\\b(este|esta) (buzón|dirección|canal)\\b{G}\\bno (está|es|se|gestiona|atiende|tramita)\\b|\\bno es el (canal|medio|cauce) (adecuado|correcto)\\b|\\bcanal (habilitado|adecuado|correcto|oficial)\\b`,
      ],
      [
        'acceda',
        2,
        `\\b(acceda|accede|visite|visita|entre|entra|cumplimente|cumplimenta)\\b{G}\\b(formulario|portal|centro de privacidad|área de cliente|área privada)\\b`,
      ],
      [
        'ejercer',
        2,
        `\\bpara ejercer (sus|tus|el|los|este|estos) derechos?\\b{G}\\b(acceda|accede|visite|visita|escriba|escribe|utilice|utiliza|a través|mediante)\\b`,
      ],
      ['escriba_a', 3, `\\b(escriba|escribe|diríjase|dirígete)\\b{G}\\ba [\\w.+-]+@`],
      [
        'no_atendemos',
        3,
        `\\bno (atendemos|tramitamos|gestionamos|aceptamos) (solicitudes|peticiones)\\b{G}\\b(por|a través|mediante|vía)\\b`,
      ],
    ],
    ja: [
      [
        'mail_dewa',
        3,
        `(メール|電子メール|Eメール)(では|での|による)\\p{Any}{0,10}(受け付け|受付|承って|対応)(て)?(おりません|できません|いたしかねます)|(こちら|当窓口|本窓口|このアドレス)では\\p{Any}{0,15}(おりません|できません|いたしかねます)`,
      ],
      ['url_kara', 2, `(下記|以下)の(URL|ページ|サイト|フォーム)(から|より|にて)(?!\\p{Any}{0,15}ダウンロード)`],
      ['senyo_madoguchi', 2, `専用(の)?(窓口|ページ|サイト)|お問い合わせ窓口(へ|まで|にて)`],
      [
        'kara_otetsuzuki',
        3,
        `(から|より)(お手続き|ご請求|お申し込み|お申し出|ご申請)(ください|をお願い|いただけます|いただきますよう)`,
      ],
    ],
  },

  bounce: {
    en: [
      [
        'rejected',
        3,
        `\\b(message|mail|email)\\b{g}\\b(has been|was) (rejected|blocked|bounced)\\b|\\brecipient (not found|rejected|does not exist)\\b|\\bthe following (message|recipients?)\\b{G}\\b(undeliverable|failed|could not)\\b`,
      ],
    ],
    de: [
      [
        'ungueltig',
        3,
        `\\bungültige (Adresse|Empfängeradresse|E-Mail-Adresse)\\b|\\bNachricht\\b{G}\\bnicht\\b{g}\\bzugestellt\\b`,
      ],
    ],
    fr: [
      [
        'destinataire',
        3,
        `\\bdestinataire (inconnu|introuvable)\\b|\\b(message|courrier)\\b{G}\\bpas (pu être|été) (remis|livré|distribué)\\b`,
      ],
    ],
    sv: [
      [
        'skickas',
        3,
        `\\b(meddelandet|mejlet)\\b{G}\\bkunde inte (levereras|skickas|nå)\\b|\\badressen\\b{G}\\b(finns inte|okänd)\\b`,
      ],
    ],
    es: [
      [
        'destinatario',
        3,
        `\\bdestinatario (desconocido|no existe)\\b|\\bbuzón (lleno|no existe|inexistente)\\b|\\bno (se ha podido|pudo) (entregar|enviar)\\b`,
      ],
    ],
    ja: [
      [
        'atesaki',
        3,
        `宛先不明|送信できませんでした|(メールアドレス|アドレス)が(存在しない|見つかりません)|配送(に)?失敗`,
      ],
    ],
  },

  auto_reply: {
    en: [
      [
        'unavailable',
        3,
        `\\bI (am|will be) (currently )?(unavailable|not available|absent|off work)\\b|\\bback in the office\\b|\\bI (will be )?returning on\\b`,
      ],
    ],
    de: [
      [
        'erreichbar',
        3,
        `\\b(bin|sind)\\b{g}\\b(nicht erreichbar|nicht im Büro|außer Haus)\\b|\\bab dem\\b{G}\\bwieder (im Büro|erreichbar|da)\\b`,
      ],
    ],
    fr: [
      [
        'serai',
        3,
        `\\bje serai de retour\\b|\\bje suis actuellement (absent|absente|en congé)\\b|\\bje (ne serai|ne suis) pas disponible\\b`,
      ],
    ],
    sv: [['borta', 3, `\\bjag är\\b{g}\\b(borta|ledig|tillbaka|på resa)\\b|\\bär tillbaka (den|på)\\b`]],
    es: [
      [
        'estare',
        3,
        `\\bestaré\\b{g}\\b(fuera|ausente|de vuelta|de viaje)\\b|\\b(volveré|regresaré|me reincorporaré)\\b`,
      ],
    ],
    ja: [['modori', 2, `(戻り|帰社|出社)(予定|は|日)|不在`]],
  },

  unrelated: {
    en: [
      [
        'newsletter_footer',
        2,
        `\\bview (this email )?in (your )?browser\\b|\\bmanage (your )?(email )?preferences\\b|\\bwe('re| are) hiring\\b|\\bjob (opening|application|vacanc)\\p{L}*|\\bsponsor(ed|ship)\\b|\\bearly bird\\b|\\bregister now\\b`,
      ],
      [
        'account_notice',
        2,
        `\\b(thank you|thanks) for (your|the) (booking|order|purchase|reservation|payment)\\b|\\byour password (has been|was) (changed|reset|updated)\\b|\\bnew sign-?in\\b|\\bboarding pass\\b`,
      ],
      [
        'new_password',
        2,
        `\\b(choose|create|set) a new password\\b|\\b(order|delivery|shipment)\\b{g}\\b(delayed|is running late)\\b|\\btracking number\\b`,
      ],
    ],
    de: [
      [
        'browser',
        2,
        `\\bim Browser (anzeigen|öffnen|ansehen)\\b|\\bStellenangebot\\p{L}*|\\bjetzt anmelden\\b|\\bSonderangebot\\p{L}*`,
      ],
      [
        'konto_hinweis',
        2,
        `\\b(vielen )?Dank für Ihre (Buchung|Bestellung|Reservierung|Zahlung|Einkauf)\\b|\\bPasswort wurde\\b{g}\\b(geändert|zurückgesetzt)\\b|\\b(Fahrkarte|Bordkarte)\\b`,
      ],
      ['versand', 2, `\\b(Versand|Lieferung) (deiner|Ihrer) Bestellung\\b|\\bSendungsnummer\\b|\\bneues Passwort\\b`],
    ],
    fr: [
      [
        'navigateur',
        2,
        `\\bafficher (dans|sur) (votre )?navigateur\\b|\\boffres? (spéciale|exclusive)s?\\b|\\binscrivez-vous\\b`,
      ],
      [
        'compte_avis',
        2,
        `\\bmerci pour votre (réservation|commande|achat|paiement)\\b|\\bmot de passe a été (modifié|réinitialisé|changé)\\b|\\bcarte d'embarquement\\b`,
      ],
      ['colis', 2, `\\bvotre colis\\b|\\bnuméro de suivi\\b|\\bnouveau mot de passe\\b`],
    ],
    sv: [
      [
        'webblasare',
        2,
        `\\bvisa i webbläsare\\p{L}*|\\bregistrera dig nu\\b|\\btack för (din|ditt) (bokning|köp|beställning|betalning)\\b`,
      ],
      [
        'konto_avisering',
        2,
        `\\blösenord\\p{L}* har (ändrats|återställts|bytts)\\b|\\bboardingkort\\b|\\bbeställning\\b{G}\\bhar skickats\\b|\\bfölja paketet\\b`,
      ],
      ['losenord', 2, `\\båterställa lösenordet\\b`],
      ['nytt_losenord', 2, `\\b(välja|skapa) ett nytt lösenord\\b`],
    ],
    es: [
      [
        'navegador',
        2,
        `\\bver (en|este correo en) (el |tu |su )?navegador\\b|\\binscríbete\\b|\\bgracias por (tu|su) (reserva|compra|pedido|pago)\\b`,
      ],
      [
        'cuenta_aviso',
        2,
        `\\bcontraseña (ha sido|se ha) (cambiado|cambiada|restablecido|restablecida|modificado|modificada)\\b|\\btarjeta de embarque\\b`,
      ],
      ['envio', 2, `\\bnúmero de seguimiento\\b|\\benvío de (tu|su) pedido\\b|\\bnueva contraseña\\b`],
    ],
    ja: [
      [
        'browser',
        2,
        `ブラウザで(表示|見る)|ポイント(が|を)?(プレゼント|付与|還元)|限定(セール|価格)|パスワード(が|を)(変更|再設定)され|ご予約いただき|ご購入いただき|搭乗券`,
      ],
      ['hasso', 2, `発送(いたしました|が遅れ|予定)|新しいパスワード|パスワード(の)?再設定`],
    ],
  },
};

/**
 * Single words that lean towards a class, in every language at once. They count only when no rule above reached a
 * weight of 1 (the message said nothing the rules know), to make a low-confidence best guess for staff instead of
 * calling a reply "unrelated" (see `classify.ts`). Mail that is truly unrelated (newsletters, orders, password
 * notices) is recognised by its own rules first.
 */
export const WEAK_SIGNALS: Partial<Record<ReplyClass, string>> = {
  acknowledgement: `\\b(received|receipt|logged|Eingang|eingegangen|erhalten|reçu|reçue|réception|mottagit|tagit emot|mottagen|recibido|recibida|recepción)\\b|受け付け|受付|受領|承り`,
  information_requested: `\\b(passport|identity|identification|verify|verification|proof|Ausweis\\p{L}*|Identität\\p{L}*|Nachweis|identité|justificatif|identitet|legitimation|id-handling|identidad|DNI|acreditar|acreditación)\\b|本人確認|確認書類|身分証`,
  extension: `\\b(extend\\p{L}*|extension|delay\\p{L}*|postpone\\p{L}*|verlänger\\p{L}*|Verzögerung|verzögert|prolong\\p{L}*|reporté\\p{L}*|förläng\\p{L}*|försen\\p{L}*|prórroga|prorrog\\p{L}*|ampliación|retraso)\\b|延長|遅延|遅れ`,
  fulfilled: `\\b(deleted|erased|removed|anonymi[sz]ed|download\\p{L}*|attached|enclosed|export|gelöscht|entfernt|anonymisiert|Anhang|anbei|supprimée?s?|effacée?s?|ci-joint|ci-jointe|raderade?|raderats|borttagna|bifogat|bifogad|eliminados?|suprimidos?|borrados?|adjunto|adjunta)\\b|削除|消去|添付|ダウンロード`,
  denied: `\\b(unfortunately|regret\\p{L}*|decline\\p{L}*|leider|bedauern|bedauerlicherweise|malheureusement|regrettons|impossible|tyvärr|beklagar|lamentablemente|lamentamos|lo sentimos|desafortunadamente)\\b|いたしかねます|できかねます|残念ながら`,
  wrong_channel: `(?<![.@/])\\b(form|web ?form|portal|privacy cent(er|re)|Formular|Kontaktformular|formulaire|portail|formulär|webbformulär|formulario)(?![\\p{L}\\p{N}.@/-])|フォーム`,
  auto_reply: `\\b(holiday|vacation|absence|Urlaub|Abwesenheit|congés?|semester|ledig|vacaciones|ausencia)\\b|休暇|不在`,
  bounce: `\\b(undeliver\\p{L}*|mailer-daemon|postmaster|Zustellung|unzustellbar|remise|leverans\\p{L}*|entrega)\\b|配信エラー|配送`,
};

/**
 * A sentence that only says what may happen ("if we cannot verify you we will close the request", "that period can be
 * extended once", "à défaut de réponse, nous ne pourrons pas y donner suite") does not announce it: an extension or a
 * refusal phrase inside such a sentence counts as a hint (a quarter of its weight).
 */
export const CONDITIONAL = `\\b(if|unless|otherwise|failing (this|that|which|a reply|receipt)|in (rare|some|exceptional) cases|where necessary|reserve the right|falls|sofern|andernfalls|ansonsten|in Ausnahmefällen|gegebenenfalls|à défaut|faute de réponse|sans réponse|si vous ne|sinon|le cas échéant|dans certains cas|om (du|vi) inte|i annat fall|annars|vid behov|i vissa fall|en caso de que|de lo contrario|en caso contrario|si no (recibimos|nos)|en determinados casos)\\b|場合(は|には|が)`;
/** "can be extended": an extension that may come, not one that is taken. */
export const MAY_EXTEND = `\\b(can|may|could|might) be extended\\b|\\bkann\\b{G}\\bverlängert werden\\b|\\bpeut être (prolongé|prorogé|étendu)\\b|\\bkan (komma att )?förlängas\\b|\\b(puede|podrá) (ser )?(prorrogarse|ampliarse|prorrogado|ampliado)\\b|延長(する|される)(場合|ことが(あり|ござい))`;
