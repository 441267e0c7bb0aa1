{{%AUTOESCAPE context="HTML"}}
<section class="account-form">
<h1>Sign in</h1>
{{#FORM_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/FORM_ERROR}}
<form method="post" action="/signin" novalidate>
<input type="hidden" name="next" value="{{NEXT}}">
<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="{{EMAIL}}" aria-describedby="email-error">
{{#EMAIL_ERROR}}<p class="field-error" id="email-error" role="alert">{{MESSAGE}}</p>{{/EMAIL_ERROR}}
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required aria-describedby="password-error">
{{#PASSWORD_ERROR}}<p class="field-error" id="password-error" role="alert">{{MESSAGE}}</p>{{/PASSWORD_ERROR}}
</div>
<p><button type="submit" class="button">Sign in</button></p>
</form>
<p>New here? <a href="/signup">Create an account</a></p>
</section>
