{{%AUTOESCAPE context="HTML"}}
<section class="intro">
<h1>Track treatment of hair loss and eczema, session by session</h1>
<p>Tricholog keeps your scalp photos, scores and symptoms in one place, measures them the same
way each time, and shows how they change over a course of treatment, so that you and your
physician can see what is working.</p>
{{#ANONYMOUS}}
<p><a class="button" href="/signin">Sign in</a></p>
{{/ANONYMOUS}}
{{#SIGNED_IN}}
<p><a class="button" href="/dashboard">Go to your dashboard</a></p>
{{/SIGNED_IN}}
</section>
