import { Fragment } from 'react';

/**
 * "Osaka 2 · Shadowsocks · WireGuard", breaking only between its parts where it can, so a narrow window never
 * splits "TCP 443" in two. The text is the same as candidateLabel's.
 */
export function CandidateLabel({ candidate }: { candidate: { serverName: string; transportLabel: string } }) {
  const parts = [candidate.serverName, ...candidate.transportLabel.split(' · ')];
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? ' ' : null}
          <span className="label-part">
            {part}
            {index < parts.length - 1 ? ' ·' : null}
          </span>
        </Fragment>
      ))}
    </>
  );
}
