import { ada, expect, test } from "../fixtures";
import { instances, refreshExchanges, SessionReplay } from "../instances";
import { ACCESS_TOKEN_TTL } from "../servers";

/** The apps renew an access token this many seconds before it expires (the package's default). */
const RENEWAL_MARGIN = 60;

for (const app of ["web", "remix"] as const) {
  test(`${app}: parallel requests at renewal time, split across both instances, spend the refresh token once and stay signed in`, async ({
    page,
    web,
    remix,
    huggingFace,
  }) => {
    test.setTimeout(ACCESS_TOKEN_TTL * 1000 + 60_000);
    const appPage = { web, remix }[app];
    const pair = [instances[app], instances[`${app}2`]] as const;
    await appPage.open();
    await appPage.clickSignIn();
    await huggingFace.signInAs(ada.name);
    await appPage.expectSignedIn(ada);
    const signedIn = await appPage.openAccount();
    expect(signedIn.hasRefreshToken).toBe(true);

    // Nothing else touches the session until its access token is due for renewal.
    await expect
      .poll(() => Date.now() / 1000, { timeout: ACCESS_TOKEN_TTL * 1000, intervals: [500] })
      .toBeGreaterThan(signedIn.accessTokenExpiresAt - RENEWAL_MARGIN + 1);
    const before = new Set((await refreshExchanges(app)).map((entry) => entry.id));

    // One browser's parallel requests, all with the same cookies, spread over both instances.
    const replay = await SessionReplay.of(page.context());
    const replays = Array.from({ length: 6 }, () => replay.copy());
    const outcomes = await Promise.all(replays.map((copy, index) => copy.signedInOn(pair[index % 2]!)));
    expect(outcomes).toEqual(outcomes.map(() => true));

    // The IdP saw one refresh of this session's token, and no refused one (Logto revokes the grant on a reuse).
    const exchanges = (await refreshExchanges(app)).filter((entry) => !before.has(entry.id));
    expect(exchanges.map((entry) => entry.payload)).toEqual([
      expect.objectContaining({ result: "Success", sid: signedIn.sid }),
    ]);

    // Every request came back with the same new tokens, which both instances and Logto accept.
    const accounts = await Promise.all(replays.map((copy, index) => copy.account(pair[(index + 1) % 2]!)));
    for (const account of accounts) {
      expect(account).toEqual({ accessTokenExpiresAt: accounts[0]!.accessTokenExpiresAt, userinfo: "valid" });
    }
    expect(accounts[0]!.accessTokenExpiresAt).toBeGreaterThan(signedIn.accessTokenExpiresAt);
  });
}
