import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CandidateLabel } from './CandidateLabel';
import { candidateLabel } from './incident-view';

afterEach(cleanup);

describe('a candidate in the timeline', () => {
  it('reads as one label and breaks only between its parts, so "TCP 443" stays whole', () => {
    const candidate = { serverName: 'Frankfurt am Main 12', transportLabel: 'TLS · TCP 443' };
    const { container } = render(
      <span>
        <CandidateLabel candidate={candidate} />
      </span>,
    );
    expect(container.textContent).toBe(candidateLabel(candidate));
    expect([...container.querySelectorAll('.label-part')].map((p) => p.textContent)).toEqual([
      'Frankfurt am Main 12 ·',
      'TLS ·',
      'TCP 443',
    ]);
  });
});
