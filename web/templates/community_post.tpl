{{%AUTOESCAPE context="HTML"}}
<article class="community-post" aria-labelledby="post-title">
<p class="breadcrumb"><a href="/community">Community</a></p>
{{#HIDDEN}}<p class="hidden-note" role="status">{{PREFIX}} {{REASON}}</p>{{/HIDDEN}}
{{#REPORTED}}<p class="notice" role="status">Thank you: your report was sent to the moderators.</p>{{/REPORTED}}
<h1 id="post-title">{{TITLE}}</h1>
<p class="post-meta">in <a class="category category-{{CATEGORY}}" href="/community?category={{CATEGORY}}">{{CATEGORY_LABEL}}</a> · {{#BYLINE}}{{AUTHOR}}{{#PHYSICIAN}} <span class="badge physician">Physician</span>{{/PHYSICIAN}}{{/BYLINE}} · <time datetime="{{ISO}}" title="{{DATE}}">{{AGE}}</time>{{#EDITED}} · edited{{/EDITED}}</p>
<div class="post-body">
{{#PARA}}<p>{{TEXT}}</p>
{{/PARA}}</div>
{{#HAS_PHOTOS}}<section class="post-photos" aria-label="Photos">
{{#PHOTO}}<figure><img src="{{URL}}" alt="{{ALT}}" loading="lazy"></figure>
{{/PHOTO}}{{#WITHDRAW}}<form method="post" action="/community/posts/{{POST_ID}}/photos/withdraw" class="withdraw-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Withdraw my consent: remove these photos from the post</button>
</form>{{/WITHDRAW}}</section>{{/HAS_PHOTOS}}
{{#HAS_STUDIES}}<section class="card linked-studies" aria-labelledby="studies-title">
<h2 id="studies-title">Studies</h2>
<ul class="study-list">
{{#STUDY}}<li><a href="/research/{{ID}}">{{TITLE}}</a> <span class="date-in-journal">{{DATE_IN_JOURNAL}}</span>{{#DISCUSS}} <span class="badge">Discussed from its page</span>{{/DISCUSS}}</li>
{{/STUDY}}</ul>
</section>{{/HAS_STUDIES}}
<form method="post" action="/community/posts/{{POST_ID}}/vote" class="vote-form" id="vote">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="vote-button" aria-pressed="{{PRESSED}}"><span aria-hidden="true">▲</span> <span class="vote-label">{{#VOTED}}Upvoted{{/VOTED}}{{#NOT_VOTED}}Upvote{{/NOT_VOTED}}</span></button>
<span class="vote-count" aria-live="polite"><span class="upvotes">{{UPVOTES}}</span> {{UPVOTE_WORD}}</span>
</form>
<p class="notice">{{NOTICE}}</p>

<section class="comments" aria-labelledby="comments-title">
<h2 id="comments-title">Comments ({{COMMENT_COUNT}})</h2>
{{#NO_COMMENTS}}<p>No comments yet.</p>{{/NO_COMMENTS}}
<ol class="comment-list">
{{#COMMENT}}<li class="comment depth-{{DEPTH}}" id="comment-{{ID}}">
{{#COMMENT_HIDDEN}}<p class="hidden-note">Hidden by a moderator: {{REASON}}</p>{{/COMMENT_HIDDEN}}
{{#COMMENT_BODY}}<p class="post-meta">{{AUTHOR}}{{#PHYSICIAN}} <span class="badge physician">Physician</span>{{/PHYSICIAN}} · <time datetime="{{ISO}}" title="{{DATE}}">{{AGE}}</time></p>
<div class="comment-body">{{#PARA}}<p>{{TEXT}}</p>{{/PARA}}</div>{{/COMMENT_BODY}}
<div class="comment-actions">
{{#CAN_REPLY}}<details class="reply"{{#OPEN}} open{{/OPEN}}><summary>Reply</summary>
<form method="post" action="/community/posts/{{POST_ID}}/comments" class="comment-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="parent_id" value="{{ID}}">
<div class="field"><label for="reply-{{ID}}">Your reply</label>
<textarea id="reply-{{ID}}" name="body" rows="3" maxlength="10000">{{TEXT}}</textarea>
{{#REPLY_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/REPLY_ERROR}}</div>
<button type="submit" class="button">Reply</button>
</form></details>{{/CAN_REPLY}}
{{#CAN_REPORT}}<details class="report"{{#OPEN}} open{{/OPEN}}><summary>Report</summary>
<form method="post" action="/community/comments/{{ID}}/report" class="report-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="post_id" value="{{POST_ID}}">
<div class="field"><label for="report-{{ID}}">What is wrong with this comment?</label>
<input id="report-{{ID}}" name="reason" type="text" maxlength="500" value="{{TEXT}}">
{{#REPORT_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/REPORT_ERROR}}</div>
<button type="submit" class="button secondary">Send the report</button>
</form></details>{{/CAN_REPORT}}
{{#MODERATE_COMMENT}}<details class="moderate"><summary>Hide (moderator)</summary>
<form method="post" action="/community/moderation/comments/{{ID}}/hide" class="report-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="post_id" value="{{POST_ID}}">
<input type="hidden" name="return_to" value="post">
<div class="field"><label for="hide-{{ID}}">Reason its author will read</label>
<input id="hide-{{ID}}" name="reason" type="text" maxlength="500"></div>
<button type="submit" class="button secondary">Hide this comment</button>
</form></details>{{/MODERATE_COMMENT}}
</div>
</li>
{{/COMMENT}}</ol>
{{#CAN_COMMENT}}<form method="post" action="/community/posts/{{POST_ID}}/comments" class="comment-form" id="new-comment">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="comment-body">Add a comment</label>
<textarea id="comment-body" name="body" rows="4" maxlength="10000" aria-describedby="comment-body-error">{{TEXT}}</textarea>
{{#COMMENT_ERROR}}<p class="field-error" id="comment-body-error" role="alert">{{MESSAGE}}</p>{{/COMMENT_ERROR}}</div>
<button type="submit" class="button">Comment</button>
</form>{{/CAN_COMMENT}}
</section>

{{#CAN_REPORT_POST}}<details class="report report-post"{{#OPEN}} open{{/OPEN}}><summary>Report this post</summary>
<form method="post" action="/community/posts/{{POST_ID}}/report" class="report-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="report-post">What is wrong with this post?</label>
<input id="report-post" name="reason" type="text" maxlength="500" value="{{TEXT}}" aria-describedby="report-post-error">
{{#REPORT_ERROR}}<p class="field-error" id="report-post-error" role="alert">{{MESSAGE}}</p>{{/REPORT_ERROR}}</div>
<button type="submit" class="button secondary">Send the report</button>
</form></details>{{/CAN_REPORT_POST}}
{{#MODERATOR}}<section class="card moderate-post" aria-labelledby="moderate-title">
<h2 id="moderate-title">Moderation</h2>
{{#HIDE}}<form method="post" action="/community/moderation/posts/{{POST_ID}}/hide" class="report-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="return_to" value="post">
<div class="field"><label for="hide-post">Reason its author will read</label>
<input id="hide-post" name="reason" type="text" maxlength="500" value="{{TEXT}}" aria-describedby="hide-post-error">
{{#HIDE_ERROR}}<p class="field-error" id="hide-post-error" role="alert">{{MESSAGE}}</p>{{/HIDE_ERROR}}</div>
<button type="submit" class="button secondary">Hide this post</button>
</form>{{/HIDE}}
{{#UNHIDE}}<form method="post" action="/community/moderation/posts/{{POST_ID}}/unhide">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Show this post again</button>
</form>{{/UNHIDE}}
</section>{{/MODERATOR}}
</article>
