import { type LoaderFunctionArgs, useLoaderData } from "react-router";
import { logto } from "~/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await logto.requireUser(request);
  return { name: user.name ?? user.username, username: user.username };
}

export default function Protected() {
  const { name, username } = useLoaderData<typeof loader>();
  return (
    <main>
      <p data-testid="signed-in-as">
        Signed in as {name}
        {username ? ` (@${username})` : ""}
      </p>
      <form action="/auth/sign-out" method="post">
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
