/**
 * The files of a new document (`standpoint init`): document.yaml and one part
 * per section kind, each with one item, comments explaining every field, and
 * the schema line that editors use for completion. Builds texts only (pure);
 * the command checks them as a document and writes them as one transaction.
 * Sample texts exist in en, ru and kk, the languages the locales have.
 */
import { isValidId } from '../model/ids.js';

export interface StarterOptions {
  id: string;
  lang: string;
  title?: string;
  /** YYYY-MM-DD: the date of the response (stamped in the files' properties). */
  date: string;
  /** The schema folder as seen from the new document's folder ('../node_modules/standpoint/schema'). */
  schemaPath: string;
}

interface Texts {
  title: string;
  issuer: string;
  issuerShort: string;
  state: string;
  report: string;
  election: string;
  instrumentName: string;
  instrumentShort: string;
  instrumentCited: string;
  opening: string;
  positiveFinding: string;
  purpose: string;
  criticalFinding: string;
  footnote: string;
  criticalStandpoint: string;
  recommendation: string;
  recommendationStandpoint: string;
  closing: string;
}

const TEXTS: Record<string, Texts> = {
  en: {
    title: 'Comments of the Central Election Commission on the Final Report of the Election Observation Mission',
    issuer: 'Central Election Commission',
    issuerShort: 'CEC',
    state: 'The Republic',
    report: 'Final Report of the Election Observation Mission',
    election: 'Presidential election',
    instrumentName: 'Document of the Copenhagen Meeting of the Conference on the Human Dimension of the CSCE of 29 June 1990',
    instrumentShort: 'Copenhagen Document',
    instrumentCited: 'Copenhagen Document',
    opening: 'The Central Election Commission thanks the Election Observation Mission for its Final Report. Extracts from the text of the Final Report are highlighted in italics; the full versions of abbreviated words are at the end of these Comments.',
    positiveFinding: 'The election was technically well administered',
    purpose: 'on ensuring the transparency of the election process',
    criticalFinding: 'The legal framework still contains gaps[^co-1.fn1]',
    footnote: 'The report does not name the provisions it means.',
    criticalStandpoint: 'The Mission does not name the provisions it has in mind. The Constitutional Law on Elections regulates every stage of the election process.',
    recommendation: 'The CEC should publish all its decisions without delay.',
    recommendationStandpoint: 'Every decision of the CEC is published on its website on the day it is adopted.',
    closing: 'These Comments were prepared by the Central Election Commission.',
  },
  ru: {
    title: 'Комментарии Центральной избирательной комиссии к Окончательному докладу Миссии по наблюдению за выборами',
    issuer: 'Центральная избирательная комиссия',
    issuerShort: 'ЦИК',
    state: 'Республика',
    report: 'Окончательный доклад Миссии по наблюдению за выборами',
    election: 'Выборы Президента',
    instrumentName: 'Документа Копенгагенского совещания Конференции по человеческому измерению СБСЕ от 29 июня 1990 года',
    instrumentShort: 'Копенгагенский документ',
    instrumentCited: 'Копенгагенского документа',
    opening: 'Центральная избирательная комиссия выражает признательность Миссии по наблюдению за выборами за Окончательный доклад. Выдержки из текста Окончательного доклада выделены курсивом; полные формы сокращенных слов приведены в конце настоящих Комментариев.',
    positiveFinding: 'Выборы были хорошо организованы в техническом отношении',
    purpose: 'об обеспечении прозрачности избирательного процесса',
    criticalFinding: 'Правовая база по-прежнему содержит пробелы[^co-1.fn1]',
    footnote: 'В докладе не указано, какие положения имеются в виду.',
    criticalStandpoint: 'Миссия не указывает, какие положения она имеет в виду. Конституционный закон о выборах регулирует все стадии избирательного процесса.',
    recommendation: 'ЦИК следует без промедления публиковать все свои решения.',
    recommendationStandpoint: 'Все решения ЦИК публикуются на ее интернет-ресурсе в день принятия.',
    closing: 'Настоящие Комментарии подготовлены Центральной избирательной комиссией.',
  },
  kk: {
    title: 'Орталық сайлау комиссиясының Сайлауды бақылау жөніндегі миссиясының Қорытынды баяндамасына түсініктемелері',
    issuer: 'Орталық сайлау комиссиясы',
    issuerShort: 'ОСК',
    state: 'Республика',
    report: 'Сайлауды бақылау жөніндегі миссиясының Қорытынды баяндамасы',
    election: 'Президент сайлауы',
    instrumentName: '1990 жылғы 29 маусымдағы ЕҚЫК Адами өлшем жөніндегі конференциясының Копенгаген кеңесінің Құжатының',
    instrumentShort: 'Копенгаген құжаты',
    instrumentCited: 'Копенгаген құжатының',
    opening: 'Орталық сайлау комиссиясы Сайлауды бақылау жөніндегі миссиясына Қорытынды баяндама үшін алғысын білдіреді. Қорытынды баяндама мәтінінен алынған үзінділер курсивпен белгіленген; қысқартылған сөздердің толық нұсқалары осы Түсініктемелердің соңында берілген.',
    positiveFinding: 'Сайлау техникалық тұрғыдан жақсы ұйымдастырылды',
    purpose: 'сайлау процесінің ашықтығын қамтамасыз етуге қатысты',
    criticalFinding: 'Құқықтық базада әлі де олқылықтар бар[^co-1.fn1]',
    footnote: 'Баяндамада қандай ережелер туралы айтылып отырғаны көрсетілмеген.',
    criticalStandpoint: 'Миссия қандай ережелерді меңзеп отырғанын көрсетпейді. Сайлау туралы конституциялық заң сайлау процесінің барлық кезеңдерін реттейді.',
    recommendation: 'ОСК өзінің барлық шешімдерін кідіртпей жариялауы тиіс.',
    recommendationStandpoint: 'ОСК-ның барлық шешімдері қабылданған күні оның интернет-ресурсында жарияланады.',
    closing: 'Осы Түсініктемелерді Орталық сайлау комиссиясы дайындады.',
  },
};

export const STARTER_LANGUAGES = Object.keys(TEXTS);

/** A YAML double-quoted scalar (JSON's escapes are YAML's). */
const q = (s: string) => JSON.stringify(s);

/** A line with its comment in the column the other comments use. */
function commented(line: string, comment: string): string {
  return `${line.padEnd(35)} # ${comment}`;
}

export interface StarterFile {
  /** Relative to the new document's folder. */
  name: string;
  text: string;
}

export function starterFiles(o: StarterOptions): StarterFile[] {
  const t = TEXTS[o.lang];
  if (!t) throw new Error(`no starter texts in ${o.lang}`);
  if (!isValidId(o.id)) throw new Error(`not an id: ${o.id}`);
  const schema = (name: string) => `# yaml-language-server: $schema=${o.schemaPath}/${name}.schema.json`;
  const document = `${schema('document')}
# A response to the final report of an election observation mission, begun by \`standpoint init\`.
# Every text is a unit: an id and its text. An id never changes once the text is translated
# (translations, change reports and the parallel layout are keyed by it); use lower-case
# letters, digits, '-' and '.'. Replace the sample texts with your own, then:
#   standpoint validate .      checks the files (every problem with its line)
#   standpoint render .        writes out/${o.id}.${o.lang}.docx and .pdf
# The format is described in docs/data-format.md of the standpoint package.
${commented(`id: ${o.id}`, 'names the outputs: <id>.<lang>.docx, .pdf, .html')}
${commented(`lang: ${o.lang}`, 'the language the texts below are written in')}
meta:
  title: {id: meta.title, text: ${q(o.title ?? t.title)}}   # the first line of the document and its title property
  issuer: {id: meta.issuer, text: ${q(t.issuer)}}   # who answers; the author property
  issuerShort: {id: meta.issuer-short, text: ${q(t.issuerShort)}}   # in the lead-in "The ${t.issuerShort} standpoint."
  state: {id: meta.state, text: ${q(t.state)}}   # the subject of the commitment sentence of positive assessments
  report: {id: meta.report, text: ${q(t.report)}}   # the report answered
  election: {id: meta.election, text: ${q(t.election)}}   # printed under the title
${commented(`  date: ${o.date}`, 'the date of this response (YYYY-MM-DD): stamped in the DOCX and PDF properties')}
  # electionDate: 2024-01-01        # optional: the day of the election; stands in for date when date is absent
instruments:                        # the documents that positive assessments' commitments refer to
  - id: copenhagen
    name: {id: instrument.copenhagen.name, text: ${q(t.instrumentName)}}   # printed at the first mention
    short: {id: instrument.copenhagen.short, text: ${q(t.instrumentShort)}}   # optional: "(hereinafter – ${t.instrumentShort})"
    cited: {id: instrument.copenhagen.cited, text: ${q(t.instrumentCited)}}   # optional: later mentions, in the form the sentence needs
opening:                            # paragraphs before the first section
  - {id: opening.1, text: ${q(t.opening)}}
parts:                              # one section per file, printed in this order
  - positive.yaml
  - critical.yaml
  - recommendations.yaml
closing:                            # paragraphs after the last section
  - {id: closing.1, text: ${q(t.closing)}}
abbreviations:                      # listed at the end, sorted in the language's order
  - {id: abbr.cec, short: ${q(t.issuerShort)}, text: ${q(t.issuer)}}
`;
  const positive = `${schema('section')}
# Positive assessments: what the report praised, each with the commitments it shows were kept.
id: positive
kind: positive                      # positive | critical | recommendations: the heading and which verdicts fit
items:
  - id: pa-1
    number: "1"                     # printed as the item's number
    findings:                       # the report's own words, printed in italics
      - id: pa-1.q1
        text: ${q(t.positiveFinding)}
        ref: {section: "1", page: "1"}   # printed upright after the quote: (section 1, page 1); pages: "4-5" for a span
    commitments:                    # makes the sentence "… has implemented provisions of paragraphs 7.3 and 8 of …"
      - {instrument: copenhagen, paragraphs: ["7.3", "8"]}
    purpose: {id: pa-1.purpose, text: ${q(t.purpose)}}   # ends that sentence
`;
  const critical = `${schema('section')}
# Critical observations: the report's criticism, the commission's answer and a verdict.
id: critical
kind: critical
items:
  - id: co-1
    number: "1"
    findings:
      - id: co-1.q1
        text: ${q(t.criticalFinding)}   # [^co-1.fn1] places the footnote below; *words* are emphasis
        ref: {section: "4", page: "5"}
    footnotes:                      # notes referred to by [^id] in this item's texts
      - {id: co-1.fn1, text: ${q(t.footnote)}}
    standpoint:                     # the answer: paragraphs, lists, tables, quotations; led by "The ${t.issuerShort} standpoint."
      - {id: co-1.s1, text: ${q(t.criticalStandpoint)}}
    verdict: not-accepted           # accepted | accepted-in-part | not-accepted; worded by the locale of each language
`;
  const recommendations = `${schema('section')}
# Recommendations of the report, each with the commission's answer and how far it is implemented.
id: recommendations
kind: recommendations
items:                              # or groups: [{id, label: "A", heading, items, groups}] for priority / other and themes
  - id: rec-1
    number: "1"
    findings:
      - {id: rec-1.q1, text: ${q(t.recommendation)}}
    standpoint:
      - {id: rec-1.s1, text: ${q(t.recommendationStandpoint)}}
    verdict: implemented            # implemented | being-implemented | accepted-in-part | requires-further-study | cannot-be-accepted
`;
  return [
    { name: 'document.yaml', text: document },
    { name: 'positive.yaml', text: positive },
    { name: 'critical.yaml', text: critical },
    { name: 'recommendations.yaml', text: recommendations },
  ];
}
