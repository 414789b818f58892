/** Left margin of the bar chart's plot area, so the class buttons line up with the bars. */
export const PLOT_LEFT_PX = 36;
/** Right margin of the bar chart's plot area. */
export const PLOT_RIGHT_PX = 8;
