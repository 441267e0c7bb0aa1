{{%AUTOESCAPE context="HTML"}}
<section class="research-search">
<h1>Research</h1>
<p class="notice">{{NOTICE}}</p>
<form method="get" action="/research" class="search-form" role="search">
<div class="field search-box">
<label for="research-q">Search studies</label>
<input id="research-q" name="q" type="search" value="{{Q}}" maxlength="500" placeholder="e.g. Dupixent alopecia" aria-describedby="research-q-hint{{#Q_ERROR}} research-q-error{{/Q_ERROR}}">
<p class="hint" id="research-q-hint">Words must all match; "a phrase" in quotes, treat* for a prefix, OR between alternatives, -word to leave out. Brand names, generic names and AA / AD find the same studies.</p>
{{#Q_ERROR}}<p class="field-error" id="research-q-error" role="alert">{{MESSAGE}}</p>{{/Q_ERROR}}
</div>
<details class="search-filters"{{#FILTERS_OPEN}} open{{/FILTERS_OPEN}}>
<summary>Filters</summary>
<div class="filter-grid">
<div class="field">
<label for="research-condition">Condition</label>
<select id="research-condition" name="condition">
<option value="">Any condition</option>
{{#CONDITION_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/CONDITION_OPTION}}</select>
{{#CONDITION_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/CONDITION_ERROR}}
</div>
<div class="field">
<label for="research-treatment">Treatment</label>
<select id="research-treatment" name="treatment">
<option value="">Any treatment</option>
{{#TREATMENT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TREATMENT_OPTION}}</select>
{{#TREATMENT_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/TREATMENT_ERROR}}
</div>
<div class="field">
<label for="research-type">Study type</label>
<select id="research-type" name="type">
<option value="">Any type</option>
{{#TYPE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TYPE_OPTION}}</select>
{{#TYPE_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/TYPE_ERROR}}
</div>
<div class="field">
<label for="research-year_from">From year</label>
<input id="research-year_from" name="year_from" type="number" inputmode="numeric" min="1800" max="2200" value="{{YEAR_FROM}}">
{{#YEAR_FROM_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/YEAR_FROM_ERROR}}
</div>
<div class="field">
<label for="research-year_to">To year</label>
<input id="research-year_to" name="year_to" type="number" inputmode="numeric" min="1800" max="2200" value="{{YEAR_TO}}">
{{#YEAR_TO_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/YEAR_TO_ERROR}}
</div>
</div>
</details>
<p><button type="submit" class="button">Search</button></p>
</form>
{{#SEARCH_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/SEARCH_ERROR}}
{{#NOT_ASKED}}<p>Type what you want to read about — a treatment, a condition, a side effect — or choose a filter to list the studies in Tricholog's library.</p>{{/NOT_ASKED}}
{{#RESULTS}}
<h2 id="results-title" class="result-count">{{TOTAL}} {{RESULT_WORD}}</h2>
{{#NO_HITS}}<p>No study in the library matches. Try fewer words, another spelling, or fewer filters.</p>{{/NO_HITS}}
{{#PAST_END}}<p>There are no more results; go back a page.</p>{{/PAST_END}}
<ol class="hit-list" aria-labelledby="results-title">
{{#HIT}}<li class="hit card">
<h3 class="hit-title"><a href="/research/{{ID}}">{{#TITLE_SEG}}{{#MARK}}<mark>{{TEXT}}</mark>{{/MARK}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}{{/TITLE_SEG}}</a></h3>
<p class="study-meta"><span class="date-in-journal">{{DATE_IN_JOURNAL}}</span>{{#HAS_TYPE}} <span class="badge">{{TYPE}}</span>{{/HAS_TYPE}}</p>
<p class="authors">{{AUTHORS}}</p>
{{#HAS_TLDR}}<p class="tldr"><strong>TLDR</strong> {{TLDR}}</p>{{/HAS_TLDR}}
{{#TLDR_MARKED}}<p class="tldr"><strong>TLDR</strong> {{#SEG}}{{#MARK}}<mark>{{TEXT}}</mark>{{/MARK}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}{{/SEG}}</p>{{/TLDR_MARKED}}
{{#SNIPPET}}<p class="snippet">{{#SEG}}{{#MARK}}<mark>{{TEXT}}</mark>{{/MARK}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}{{/SEG}}</p>{{/SNIPPET}}
</li>
{{/HIT}}</ol>
{{#PAGER}}<nav class="pager" aria-label="Result pages">{{#PREV}}<a class="button secondary" href="{{PREV_HREF}}" rel="prev">Previous</a>{{/PREV}} <span>{{PAGE_OF}}</span> {{#NEXT}}<a class="button secondary" href="{{NEXT_HREF}}" rel="next">Next</a>{{/NEXT}}</nav>{{/PAGER}}
{{/RESULTS}}
</section>
