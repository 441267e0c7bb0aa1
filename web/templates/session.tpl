{{%AUTOESCAPE context="HTML"}}
<section class="session-page" id="session-page" data-csrf-input="csrf">
<input type="hidden" name="csrf" id="csrf" value="{{CSRF}}">
<h1>Session of {{DATE}}{{#HAS_WEEK}} <span class="hint">(week {{WEEK}} on treatment)</span>{{/HAS_WEEK}}</h1>

<section class="salt-summary" aria-labelledby="salt-heading">
<h2 id="salt-heading">SALT: scalp without hair</h2>
{{#SALT_TOTAL}}
<p class="salt-total" id="salt-total"><strong>SALT {{SALT}}</strong> of 100 —
AA-IGA {{AA_IGA}} (Wyrwich 2020), Olsen class {{OLSEN}}.
{{#LE_20}}At or below 20: about 80 % of the scalp with hair, what patients and clinicians counted as treatment success (Wyrwich 2020, Br J Dermatol 183:702).{{/LE_20}}
{{#GT_20}}Above 20; at or below 20 (about 80 % of the scalp with hair) is what patients and clinicians counted as treatment success (Wyrwich 2020, Br J Dermatol 183:702).{{/GT_20}}</p>
{{/SALT_TOTAL}}
{{#SALT_INCOMPLETE}}<p class="notice">SALT needs the top, back, left and right views; this session has only the regions below.</p>{{/SALT_INCOMPLETE}}
{{#NO_REGIONS}}<p class="notice">This session records no SALT regions.</p>{{/NO_REGIONS}}
{{#RETAKEN_NOTICE}}<p class="notice" role="status" id="retaken-notice">Saved: the {{VIEW}} view now uses your new photo (the old one is kept), and this session's SALT was measured again.</p>{{/RETAKEN_NOTICE}}
{{#CONFIRMED_NOTICE}}<p class="notice" role="status">Saved: the {{VIEW}} photo is marked as right, so this session's SALT counts again.</p>{{/CONFIRMED_NOTICE}}
{{#SALT_UNCONFIRMED}}<p class="notice to-confirm-notice" id="salt-unconfirmed"><strong>SALT unconfirmed.</strong> One view's hair loss moved much more than the others since your last sessions; that is more often the photo (light, framing, hair lying over the scalp) than the scalp. Until it is confirmed, this session's SALT raises no alert. Look at the view marked "To confirm" below: correct its hair-loss area, retake the photo, or say the photo is right.</p>{{/SALT_UNCONFIRMED}}
<div class="table-scroll">
<table class="data-table salt-regions">
<caption>SALT by region: each region's share of the scalp (Olsen 2004) times its percent hair loss</caption>
<thead><tr><th scope="col">Region</th><th scope="col">Share of scalp</th><th scope="col">Hair loss, %</th><th scope="col">Points of SALT</th><th scope="col">Check</th></tr></thead>
<tbody>
{{#REGION}}<tr><th scope="row">{{LABEL}}</th><td>{{WEIGHT}}</td><td class="num">{{LOSS}}</td><td class="num">{{CONTRIBUTION}}</td>
<td>{{#CHECKED}}{{CHECKED}}{{/CHECKED}}{{#TO_CONFIRM}}<a class="to-confirm-mark" id="to-confirm-{{VIEW}}" href="#confirm-{{VIEW}}">To confirm</a>{{/TO_CONFIRM}}</td></tr>
{{/REGION}}</tbody>
</table>
</div>
{{#CONFIRM_ITEM}}<div class="notice confirm-item" id="confirm-{{VIEW}}">
<p><strong>{{LABEL}} view: to confirm.</strong> {{REASON}}</p>
<form method="post" action="{{ACTION}}" class="confirm-view"><input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">This {{VIEW}} photo is right</button></form>
<p class="hint">Or correct its hair-loss area below, or <a href="#photo-{{VIEW}}">take the photo again</a>.</p>
</div>{{/CONFIRM_ITEM}}
{{#HAIR_CHANGE}}<p class="hair-change" id="hair-change">Asked "Since your last session, has your hair changed?": <strong>{{WORDS}}</strong>.</p>{{/HAIR_CHANGE}}
<p class="hint">Measured from your photos; a re-take alone can move it by a few points. Tricholog informs; it does not diagnose or prescribe.</p>
</section>

<section aria-labelledby="photos-heading">
<h2 id="photos-heading">Photos</h2>
<fieldset class="mask-toggles">
<legend>Show over the photos</legend>
<label><input type="checkbox" id="show-scalp" checked> Scalp found (blue outline)</label>
<label><input type="checkbox" id="show-loss" checked> Hair loss found (orange outline)</label>
</fieldset>
{{#NO_PHOTOS}}<p>This session has no photos.</p>{{/NO_PHOTOS}}
<div class="session-photos">
{{#PHOTO}}
<article class="session-photo" id="photo-{{VIEW}}">
<h3>{{LABEL}} view</h3>
<div class="photo-stack">
<img src="{{THUMBNAIL_URL}}" alt="{{LABEL}} view, {{DATE}}" class="photo-base">
{{#ANALYSED}}<canvas class="mask-layer" width="{{WIDTH}}" height="{{HEIGHT}}" aria-hidden="true"
 data-full-width="{{WIDTH}}" data-full-height="{{HEIGHT}}"
 data-scalp-url="{{SCALP_MASK_URL}}" data-loss-url="{{LOSS_MASK_URL}}"></canvas>{{/ANALYSED}}
</div>
<p class="quality">{{QUALITY}}</p>
{{#ANALYSED}}
{{#UNMEASURABLE}}<p class="view-verdict" role="status"><strong>No figure for this view.</strong> {{VERDICT}}</p>{{/UNMEASURABLE}}
{{#MEASURED}}<p>Hair loss in this view: <strong class="view-loss">{{LOSS}} %</strong> of the scalp{{#HAS_INTERVAL}} (likely between {{INTERVAL}} %){{/HAS_INTERVAL}}; hair coverage {{COVERAGE}} %.</p>
{{#CHECK_MASK}}<p class="view-check">{{CHECK}}</p>{{/CHECK_MASK}}{{/MEASURED}}
<p>Loss area: {{#AUTOMATIC}}as measured automatically.{{/AUTOMATIC}}{{#CORRECTED}}<strong>your correction</strong>.{{/CORRECTED}}</p>
<table class="data-table zones">
<caption>Coverage and hair density by zone, {{LABEL}} view (density: how far the scalp looks from your bare skin; more hair reads higher)</caption>
<thead><tr><th scope="col">Zone</th><th scope="col">Coverage, %</th><th scope="col">Density</th><th scope="col">Loss, %</th></tr></thead>
<tbody>
{{#ZONE}}<tr><th scope="row">{{ZONE}}</th><td class="num">{{COVERAGE}}</td><td class="num">{{DENSITY}}</td><td class="num">{{LOSS}}</td></tr>
{{/ZONE}}</tbody>
</table>
{{#NO_DENSITY}}<p class="hint">Density "–": this photo shows no bare skin to compare the hair with (a top view compares it with a bare patch, when it has one).</p>{{/NO_DENSITY}}
<div class="mask-actions">
<button type="button" class="button edit-mask" data-sha="{{SHA}}" data-view="{{VIEW}}" data-label="{{LABEL}}">Correct the hair-loss area</button>
{{#CORRECTED}}<button type="button" class="button secondary reset-mask" data-sha="{{SHA}}">Back to automatic</button>{{/CORRECTED}}
</div>
{{/ANALYSED}}
<p><a href="{{PHOTO_URL}}">Open the full photo</a></p>
{{#RETAKE}}<details class="retake"{{#OPEN}} open{{/OPEN}}>
<summary>Take this photo again</summary>
<form method="post" action="{{ACTION}}" enctype="multipart/form-data" class="retake-view" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="retake-{{VIEW}}">New {{VIEW}} photo</label>
<input id="retake-{{VIEW}}" name="photo" type="file" accept="image/*,.heic,.heif" capture="environment" aria-describedby="retake-{{VIEW}}-hint{{#ERROR}} retake-{{VIEW}}-error{{/ERROR}}"{{#ERROR}} aria-invalid="true"{{/ERROR}}>
<p class="hint" id="retake-{{VIEW}}-hint">A JPEG, PNG, WebP or HEIC photo, at most 20 MB, framed as before. The old photo is kept; this view then uses the new one.</p>
{{#ERROR}}<p class="field-error" id="retake-{{VIEW}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>
<p><button type="submit" class="button secondary">Use the new photo</button></p>
</form>
</details>{{/RETAKE}}
</article>
{{/PHOTO}}
</div>
<p class="status" id="mask-status" role="status" aria-live="polite"></p>
</section>
</section>
