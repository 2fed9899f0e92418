/**
 * Verdicts by meaning: the locale phrases, the rewordings the issue found
 * unrecognised, and natural rewordings in English, Russian and Kazakh map to
 * their codes; standpoint sentences of the 2011 response that mention a
 * recommendation or an observation are not taken for verdicts.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadLexicons } from '../../src/import/lexicon.js';
import { VerdictClassifier, type VerdictKind } from '../../src/import/verdict.js';
import { repoRoot } from '../helpers/tools.js';
import type { VerdictCode } from '../../src/model/types.js';
import { readFileSync } from 'node:fs';

const localesDir = join(repoRoot, 'locales');
const classifier = new VerdictClassifier(loadLexicons(localesDir));

const C: VerdictKind = 'critical';
const R: VerdictKind = 'recommendations';

/** [sentence, section kind, code] — all must be read with high confidence. */
const REWORDINGS: [string, VerdictKind, VerdictCode][] = [
  // The nine of the issue.
  ['The observation is not accepted.', C, 'not-accepted'],
  ['This critical observation cannot be accepted.', C, 'not-accepted'],
  ['The recommendation has been implemented.', R, 'implemented'],
  ['Recommendation is partly accepted.', R, 'accepted-in-part'],
  ['Замечание принимается частично.', C, 'accepted-in-part'],
  ['Рекомендация находится на стадии реализации.', R, 'being-implemented'],
  ['Рекомендация требует дальнейшего изучения.', R, 'requires-further-study'],
  ['Ұсыным қосымша зерделеуді талап етеді.', R, 'requires-further-study'],
  ['Ұсыным іске асырылу сатысында.', R, 'being-implemented'],
  // English.
  ['The critical observation is partially accepted.', C, 'accepted-in-part'],
  ['The CEC accepts this observation in part.', C, 'accepted-in-part'],
  ['The critical observation is accepted.', C, 'accepted'],
  ['This remark is not acceptable.', C, 'not-accepted'],
  ['The critical observation is rejected.', C, 'not-accepted'],
  ['The CEC does not accept the critical observation.', C, 'not-accepted'],
  ['This recommendation has already been fully implemented.', R, 'implemented'],
  ['The recommendation is being implemented.', R, 'being-implemented'],
  ['The recommendation is in the process of implementation.', R, 'being-implemented'],
  ['The recommendation needs further consideration.', R, 'requires-further-study'],
  ['The recommendation requires additional study.', R, 'requires-further-study'],
  ['This recommendation is not acceptable.', R, 'cannot-be-accepted'],
  ['The recommendation can not be accepted.', R, 'cannot-be-accepted'],
  ['Recommendation accepted in part.', R, 'accepted-in-part'],
  ['Not accepted.', C, 'not-accepted'],
  // Russian.
  ['Критическое замечание не принимается.', C, 'not-accepted'],
  ['Данное замечание не может быть принято.', C, 'not-accepted'],
  ['Замечание отклоняется.', C, 'not-accepted'],
  ['Замечание принято.', C, 'accepted'],
  ['Критическое замечание частично принимается.', C, 'accepted-in-part'],
  ['Рекомендация выполнена.', R, 'implemented'],
  ['Рекомендация реализована.', R, 'implemented'],
  ['Рекомендация уже выполнена в полном объёме.', R, 'implemented'],
  ['Рекомендация реализуется.', R, 'being-implemented'],
  ['Данная рекомендация не может быть принята.', R, 'cannot-be-accepted'],
  ['Рекомендация принимается частично.', R, 'accepted-in-part'],
  ['Рекомендация требует дополнительного изучения.', R, 'requires-further-study'],
  // Kazakh.
  ['Сыни ескерту қабылданбайды.', C, 'not-accepted'],
  ['Ескерту қабылданбайды.', C, 'not-accepted'],
  ['Сыни ескерту ішінара қабылданады.', C, 'accepted-in-part'],
  ['Сыни ескерту жартылай қабылданады.', C, 'accepted-in-part'],
  ['Сыни ескерту қабылданады.', C, 'accepted'],
  ['Ұсыным орындалды.', R, 'implemented'],
  ['Ұсыным іске асырылды.', R, 'implemented'],
  ['Ұсыным орындалу сатысында.', R, 'being-implemented'],
  ['Бұл ұсынымды қабылдау мүмкін емес.', R, 'cannot-be-accepted'],
  ['Бұл ұсыным қабылдана алмайды.', R, 'cannot-be-accepted'],
  ['Ұсыным ішінара қабылданады.', R, 'accepted-in-part'],
  ['Ұсыным одан әрі зерделеуді қажет етеді.', R, 'requires-further-study'],
];

/** Sentences of the 2011 response that must stay standpoint text. */
const NOT_VERDICTS: [string, VerdictKind][] = [
  ['Therefore, the OSCE critical observation is considered as unreasonable.', C],
  ['This recommendation is implemented in the Constitutional Act on Elections (article 50), which provisions are strictly observed in practice.', R],
  ['Recommendation has been implemented in the Constitutional Act on Elections.', R],
  ['This recommendation is not supported because of inevitability of small technical errors.', R],
  ['The CEC supports this proposal of the OSCE/ODIHR.', R],
  ['In this regard, the critical observation of the ODIHR/OSCE EOM is not clear.', R],
  ['We consider this critical observation of EOM as subjective.', C],
  ['The CEC experts repeatedly and in details explained to the OSCE/ODIHR experts its position on each of these recommendations.', C],
  ['Nevertheless, the CEC has no objection to compile and adopt the more detailed formal regulations on election-day procedures and the results tabulation.', C],
];

describe('verdict classifier', () => {
  it('reads every locale phrase back as its code', () => {
    for (const lang of ['en', 'ru', 'kk']) {
      const v = JSON.parse(readFileSync(join(localesDir, lang, 'standpoint.json'), 'utf8')).verdict as Record<VerdictKind, Record<string, string>>;
      for (const kind of [C, R]) {
        for (const [code, phrase] of Object.entries(v[kind])) {
          const r = classifier.classify(`${phrase}.`, kind);
          expect({ phrase, code: r.code, confidence: r.confidence }).toEqual({ phrase, code, confidence: 'high' });
        }
      }
    }
  });

  it(`reads ${REWORDINGS.length} rewordings by meaning`, () => {
    const wrong = REWORDINGS.map(([s, kind, code]) => ({ s, want: code, got: classifier.classify(s, kind) })).filter((x) => x.got.code !== x.want || x.got.confidence !== 'high');
    expect(wrong.map((w) => `${w.s} → ${w.got.code ?? '-'} (${w.got.confidence}${w.got.why ? `: ${w.got.why}` : ''}), want ${w.want}`)).toEqual([]);
  });

  it('keeps a note after the verdict', () => {
    const r = classifier.classify('Recommendation is implemented; however the CEC will continue the work on the issues of the above mentioned official instructions.', R);
    expect(r).toMatchObject({ code: 'implemented', confidence: 'high', note: 'however the CEC will continue the work on the issues of the above mentioned official instructions' });
  });

  it('does not take standpoint sentences for verdicts', () => {
    for (const [s, kind] of NOT_VERDICTS) expect({ s, confidence: classifier.classify(s, kind).confidence }).toEqual({ s, confidence: 'none' });
  });

  it('calls a short sentence it cannot decide verdict-like, with the closest code', () => {
    const r = classifier.classify('The recommendation is noted with gratitude.', R);
    expect(r.confidence).toBe('none');
    const odd = classifier.classify('The critical observation is considered partially justified.', C);
    expect(odd.verdictLike || odd.confidence !== 'none').toBe(true);
  });
});
