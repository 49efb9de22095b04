import { describe, expect, it } from "vitest";

import { parseForms } from "./html-forms.js";

describe("parseForms", () => {
  it("reads hidden inputs, buttons and buttons attached with form=", () => {
    const forms = parseForms(`
      <form id="f" method="post" action="/x?a=1&amp;b=2"><input type="hidden" name="xsrf" value="q&quot;"/></form>
      <button type="submit" form="f" name="logout" value="yes">Sign <b>out</b></button>`);
    expect(forms).toEqual([
      {
        id: "f",
        method: "POST",
        action: "/x?a=1&b=2",
        hidden: [["xsrf", 'q"']],
        buttons: [{ name: "logout", value: "yes", text: "Sign out", form: "f" }],
      },
    ]);
  });
});
